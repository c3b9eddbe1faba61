package io.distillery.cli.demo;

import io.distillery.cli.Logs;
import io.distillery.lab.experiment.DriftExperiment;
import io.distillery.lab.experiment.DriftExperiment.Arm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distillery drift}: the image stream drifts from one half of the classes to the other;
 * naive online fine-tuning against the trainer's replay defence and a jointly trained reference.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Continual learning under drift: the fmnist stream carries classes 0-4, then only 5-9.",
      "Trains the student through it per seed: naive online fine-tuning, the trainer's replay",
      "defence at each ratio, and one shuffled stream as the joint reference; reports",
      "accuracy on the old and the new classes over the stream: a table and two charts."
    })
public final class DriftCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--work-dir",
      defaultValue = ".distillery/drift",
      description = "The teacher's repository and the report (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--teacher-images",
      defaultValue = "20000",
      description = "Labelled images the teacher trains on (default: ${DEFAULT-VALUE}).")
  int teacherImages;

  @Option(
      names = "--teacher-epochs",
      defaultValue = "2",
      description = "The teacher's epochs (default: ${DEFAULT-VALUE}).")
  int teacherEpochs;

  @Option(
      names = "--per-phase",
      defaultValue = "6000",
      description =
          "Stream images before the drift, and again after it (default: ${DEFAULT-VALUE}).")
  int perPhase;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Fresh samples per step (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--eval-every",
      defaultValue = "10",
      description = "Steps between evaluations (default: ${DEFAULT-VALUE}).")
  int evalEvery;

  @Option(
      names = "--eval-images",
      defaultValue = "5000",
      description = "Held-out images of each side per evaluation (default: ${DEFAULT-VALUE}).")
  int evalImages;

  @Option(
      names = "--replay-capacity",
      defaultValue = "5000",
      description = "The defended arm's reservoir, as train's option (default: ${DEFAULT-VALUE}).")
  int replayCapacity;

  @Option(
      names = "--replay-ratios",
      defaultValue = "0.25,2",
      split = ",",
      paramLabel = "RATIO",
      description =
          "One defended arm per replayed-to-fresh ratio, as train's --replay-ratio; 0.25 is"
              + " train's default (default: ${DEFAULT-VALUE}).")
  List<Double> replayRatios;

  @Option(
      names = "--ema-decay",
      defaultValue = "0.99",
      description =
          "Two more arms, naive and the first replay ratio, each evaluated with the moving average"
              + " of its weights at this decay (0: none; default: ${DEFAULT-VALUE}).")
  float emaDecay;

  @Option(
      names = "--seeds",
      defaultValue = "3",
      description = "Students per arm (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Logs.toFile(workDir.resolve("logs").resolve("drift.log"), out);
    DriftExperiment.Outcome outcome =
        new DriftExperiment(
                new DriftExperiment.Settings(
                    workDir,
                    teacherImages,
                    teacherEpochs,
                    perPhase,
                    batch,
                    evalEvery,
                    evalImages,
                    replayCapacity,
                    replayRatios,
                    emaDecay,
                    seeds),
                out)
            .run();
    out.print("old classes kept at the end, share of the joint student's:");
    for (Arm arm : outcome.curves().keySet()) {
      if (!arm.joint()) {
        out.printf(Locale.ROOT, " %s %.3f", arm.name(), outcome.keptOfJoint(arm));
      }
    }
    out.printf("%nreport: %s%n", outcome.report());
    return 0;
  }
}
