package io.distillery.cli.trainer;

import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.repository.ModelRepository;
import io.distillery.trainer.teacher.ImageTeacher;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery eval-model}: test accuracy of an image classifier in the model repository. */
@Command(
    name = "eval-model",
    mixinStandardHelpOptions = true,
    description =
        "Prints the Fashion-MNIST test accuracy and parameter count of an image classifier version"
            + " in the model repository (default: the teacher's latest version).")
public final class EvalTeacherCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--repository",
      description = "Model repository (default .distillery/model-repository).")
  Path repository;

  @Option(names = "--model-name", defaultValue = "fmnist-teacher")
  String modelName;

  @Option(names = "--version", description = "Version to evaluate (default: latest).")
  Long version;

  @Option(names = "--dataset-dir", defaultValue = ProjectPaths.FASHION_MNIST)
  Path datasetDir;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Override
  public Integer call() throws Exception {
    LibtorchThreads.configure(threads);
    PrintWriter out = spec.commandLine().getOut();
    ModelRepository repo =
        new ModelRepository(
            repository != null ? repository : ProjectPaths.state("model-repository"));
    Long chosen =
        version != null
            ? version
            : repo.latestVersion(modelName).stream().boxed().findFirst().orElse(null);
    if (chosen == null) {
      spec.commandLine()
          .getErr()
          .println(
              "No version of "
                  + modelName
                  + " in "
                  + repo.root()
                  + ": run distillery train-teacher first");
      return 2;
    }
    LabelledImages test = LabelledImages.fashionMnist(datasetDir, "t10k");
    ImageTeacher.Evaluation evaluation =
        ImageTeacher.evaluate(repo.modelFile(modelName, chosen), test);
    out.printf(
        Locale.ROOT,
        "%s version %d: test accuracy %.4f on %d images, %d parameters%n",
        modelName,
        chosen,
        evaluation.accuracy(),
        test.size(),
        evaluation.parameters());
    return 0;
  }
}
