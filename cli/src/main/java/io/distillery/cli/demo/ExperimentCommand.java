package io.distillery.cli.demo;

import io.distillery.cli.Logs;
import io.distillery.lab.TaskSelection;
import io.distillery.lab.experiment.ExperimentRun;
import io.distillery.lab.experiment.ExperimentSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distillery experiment}: the same labeled stream under several filter policies with the
 * same training budget, and a table of data kept, label quality and student quality per policy.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = {
      "Does filtering help? Labels one stream per task on the embedded default, then for every",
      "filter policy (no filter; the supervised reference filters at several thresholds; the",
      "label-free proxies: confidence, committee / proxy agreement) trains a fresh student with the",
      "same budget and evaluates it. Writes a Markdown table and a chart per task.",
      "fmnist uses a deliberately weak teacher so that filtering has wrong labels to remove."
    })
public final class ExperimentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--task",
      defaultValue = "ALL",
      description = "ALL, FMNIST or ASR_EN (default: ${DEFAULT-VALUE}).")
  TaskSelection tasks;

  @Option(
      names = "--work-dir",
      defaultValue = ".distillery/experiment",
      description =
          "Broker data, models, synthetic speech and the report (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--images",
      defaultValue = "6000",
      description = "Unlabelled training images in the fmnist stream (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--weak-teacher-images",
      defaultValue = "1000",
      description =
          "Labelled images the weak fmnist teacher and each committee peer train on (default: ${DEFAULT-VALUE}).")
  int weakTeacherImages;

  @Option(
      names = "--weak-teacher-epochs",
      defaultValue = "1",
      description = "Epochs of the weak teacher's training (default: ${DEFAULT-VALUE}).")
  int weakTeacherEpochs;

  @Option(
      names = "--image-steps",
      defaultValue = "400",
      description = "Optimisation steps every fmnist arm trains for (default: ${DEFAULT-VALUE}).")
  int imageSteps;

  @Option(
      names = "--image-batch",
      defaultValue = "32",
      description = "fmnist batch size (default: ${DEFAULT-VALUE}).")
  int imageBatch;

  @Option(
      names = "--eval-images",
      defaultValue = "10000",
      description = "Fashion-MNIST test images each evaluation uses (default: ${DEFAULT-VALUE}).")
  int evalImages;

  @Option(
      names = "--utterances",
      defaultValue = "150",
      description = "Synthetic utterances in the asr-en stream (default: ${DEFAULT-VALUE}).")
  int utterances;

  @Option(
      names = "--held-out-utterances",
      defaultValue = "30",
      description = "Held-out utterances of unseen sentences (default: ${DEFAULT-VALUE}).")
  int heldOutUtterances;

  @Option(
      names = "--speech-steps",
      defaultValue = "300",
      description = "Optimisation steps every asr-en arm trains for (default: ${DEFAULT-VALUE}).")
  int speechSteps;

  @Option(
      names = "--speech-batch",
      defaultValue = "8",
      description = "asr-en batch size (default: ${DEFAULT-VALUE}).")
  int speechBatch;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of each topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--label-timeout",
      defaultValue = "1800",
      description = "Seconds labeling a stream may take (default: ${DEFAULT-VALUE}).")
  long labelTimeoutSeconds;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      description =
          "Students each arm trains, from their own initial weights and sample order; the report"
              + " gives mean ± spread (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Override
  public Integer call() throws Exception {
    Logs.toFile(workDir.resolve("logs").resolve("experiment.log"), spec.commandLine().getOut());
    ExperimentSettings settings =
        new ExperimentSettings(
            workDir,
            tasks,
            images,
            weakTeacherImages,
            weakTeacherEpochs,
            imageSteps,
            imageBatch,
            evalImages,
            utterances,
            heldOutUtterances,
            speechSteps,
            speechBatch,
            partitions,
            labelTimeoutSeconds,
            seeds);
    new ExperimentRun(settings, spec.commandLine().getOut()).run();
    return 0;
  }
}
