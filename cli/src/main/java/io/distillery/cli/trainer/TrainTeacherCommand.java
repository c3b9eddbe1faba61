package io.distillery.cli.trainer;

import io.distillery.cli.LocalDataOptions;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.lab.teacher.TeacherTraining;
import io.distillery.models.DemoModel;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.LibtorchThreads;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery train-teacher}: trains the Fashion-MNIST teacher into the model repository. */
@Command(
    name = "train-teacher",
    mixinStandardHelpOptions = true,
    description =
        "Trains the image teacher (a CNN defined in TorchScript) on Fashion-MNIST's labelled"
            + " training split through DJL/libtorch, writes it into the model repository as the next"
            + " version with its config.pbtxt, and prints its test accuracy. Reuses an existing"
            + " version unless --force.")
public final class TrainTeacherCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--epochs", defaultValue = "3", description = "Passes over the training split.")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.001",
      description = "Adam, halved each epoch.")
  float learningRate;

  @Mixin LocalDataOptions local;

  @Option(names = "--out", hidden = true, description = "Former name of --repository.")
  Path out;

  @Option(
      names = "--model-name",
      defaultValue = "fmnist-teacher",
      description = "Teacher name in the repository (default: ${DEFAULT-VALUE}).")
  String modelName;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "libtorch intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--force", description = "Train a new version even if one exists.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    LibtorchThreads.configure(threads);
    PrintWriter out = spec.commandLine().getOut();
    Path repo = this.out != null ? this.out : local.repository();
    Path definition = local.definitions().ensure(DemoModel.IMAGE_TEACHER);
    LabelledImages train = LabelledImages.fashionMnist(local.datasetDir(), "train");
    LabelledImages test = LabelledImages.fashionMnist(local.datasetDir(), "t10k");
    ImageTeacher teacher = new ImageTeacher(new ModelRepository(repo), modelName);
    ImageTeacher.Outcome outcome =
        teacher.ensureTrained(
            definition,
            train,
            test,
            new TeacherTraining.Settings(epochs, batchSize, learningRate, seed),
            force,
            r -> {
              out.printf(
                  Locale.ROOT,
                  "epoch %d: loss %.4f, test accuracy %.4f, %.1f s%n",
                  r.epoch(),
                  r.meanLoss(),
                  r.testAccuracy(),
                  r.seconds());
              out.flush();
            });
    out.printf(
        Locale.ROOT,
        "%s version %d (%s): test accuracy %.4f, %d parameters%s, repository %s%n",
        modelName,
        outcome.version(),
        outcome.trained() ? "trained" : "reused; --force to retrain",
        outcome.testAccuracy(),
        outcome.parameters(),
        outcome.trained()
            ? String.format(
                Locale.ROOT, ", trained in %.1f s with %d threads", outcome.trainSeconds(), threads)
            : "",
        repo);
    return 0;
  }
}
