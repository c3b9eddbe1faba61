package io.distillery.cli.trainer;

import io.distillery.cli.LocalDataOptions;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.experiment.OfflineDistillation;
import io.distillery.lab.speech.SpeechDistilCheck;
import io.distillery.models.DemoModel;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.engine.LibtorchThreads;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery distil-check}: the student from the teacher's pseudo-labels only, offline. */
@Command(
    name = "distil-check",
    mixinStandardHelpOptions = true,
    description =
        "Image task: trains the image student only on the teacher's soft labels of Fashion-MNIST's"
            + " training images (true labels unused) with the trainer's distillation loss, and"
            + " compares test accuracy and parameter counts with the teacher. Speech task (asr*):"
            + " trains the CTC student on the pocketsphinx teacher's transcripts of synthetic"
            + " utterances and prints its held-out WER as a learning curve.")
public final class DistilCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--task",
      defaultValue = "fmnist",
      description = "fmnist (image) or an asr* task (speech); default ${DEFAULT-VALUE}.")
  String task;

  @Option(
      names = "--teacher",
      defaultValue = "fmnist-teacher",
      description = "Image teacher in the repository (default: ${DEFAULT-VALUE}).")
  String teacher;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "Passes over the training images (image; default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", description = "Default 32 images or 8 utterances.")
  Integer batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.002",
      description = "Adam's peak learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(
      names = "--utterances",
      defaultValue = "300",
      description = "Synthetic training utterances (speech).")
  int utterances;

  @Option(
      names = "--eval-utterances",
      defaultValue = "40",
      description = "Synthetic held-out utterances (speech).")
  int evalUtterances;

  @Option(
      names = "--labels",
      defaultValue = "TEACHER",
      description = "TEACHER (pocketsphinx transcripts) or REFERENCE (the spoken sentences).")
  SpeechDistilCheck.Labels labels;

  @Option(names = "--steps", defaultValue = "1500", description = "Optimisation steps (speech).")
  long steps;

  @Option(
      names = "--evaluate-every",
      defaultValue = "100",
      description = "Steps between held-out evaluations (speech).")
  int evaluateEvery;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "libtorch intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Mixin LocalDataOptions local;

  @Override
  public Integer call() throws Exception {
    LibtorchThreads.configure(threads);
    PrintWriter out = spec.commandLine().getOut();
    if (TaskKind.forTask(task) == TaskKind.SPEECH) {
      SpeechDistilCheck.run(
          new SpeechDistilCheck.Settings(
              utterances,
              evalUtterances,
              labels,
              steps,
              evaluateEvery,
              batchSize != null ? batchSize : 8,
              learningRate),
          out);
      return 0;
    }
    out.println(
        OfflineDistillation.check(
            new ModelRepository(local.repository()),
            teacher,
            local.definitions().ensure(DemoModel.IMAGE_STUDENT),
            local.datasetDir(),
            epochs,
            batchSize != null ? batchSize : 32,
            learningRate,
            line -> {
              out.println(line);
              out.flush();
            }));
    return 0;
  }
}
