package io.distillery.cli.trainer;

import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.experiment.OfflineDistillation;
import io.distillery.lab.speech.SpeechDistilCheck;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
      names = "--repository",
      description = "Model repository (default .distillery/model-repository).")
  Path repository;

  @Option(names = "--teacher", defaultValue = "fmnist-teacher")
  String teacher;

  @Option(names = "--epochs", defaultValue = "3")
  int epochs;

  @Option(names = "--batch-size", description = "Default 32 images or 8 utterances.")
  Integer batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.002")
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

  @Option(names = "--threads", defaultValue = "1")
  int threads;

  @Option(names = "--dataset-dir", defaultValue = Home.FASHION_MNIST_DIR)
  Path datasetDir;

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
    int batchSize = this.batchSize != null ? this.batchSize : 32;
    ModelRepository repo = new ModelRepository(repository != null ? repository : Home.repository());
    long version =
        repo.latestVersion(teacher)
            .orElseThrow(
                () ->
                    new IllegalStateException("No " + teacher + ": run distillery train-teacher"));
    Path student = ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.IMAGE_STUDENT);
    int stepsPerEpoch = (60_000 + batchSize - 1) / batchSize;
    StudentSettings settings =
        new StudentSettings(
            student,
            CheckpointableOptimizer.Kind.ADAM,
            new LearningRateSchedule(learningRate, 100, stepsPerEpoch, 0.5f, learningRate / 100),
            DistillationLoss.distilWhisperDefaults(),
            null,
            "unused",
            0);
    OfflineDistillation.Result r =
        OfflineDistillation.run(
            repo.modelFile(teacher, version),
            settings,
            LabelledImages.fashionMnist(datasetDir, "train"),
            LabelledImages.fashionMnist(datasetDir, "t10k"),
            epochs,
            batchSize,
            line -> {
              out.println(line);
              out.flush();
            });
    out.printf(
        Locale.ROOT,
        "teacher %s v%d: accuracy %.4f, %d parameters; student: accuracy %.4f (%.1f%% of the teacher),"
            + " %d parameters (%.1f%% of the teacher); pseudo-labels agree with true labels on %.1f%%"
            + " of training images; %.0f s%n",
        teacher,
        version,
        r.teacherAccuracy(),
        r.teacherParameters(),
        r.studentAccuracy(),
        100 * r.studentAccuracy() / r.teacherAccuracy(),
        r.studentParameters(),
        100.0 * r.studentParameters() / r.teacherParameters(),
        100 * r.pseudoLabelAgreement(),
        r.seconds());
    return 0;
  }
}
