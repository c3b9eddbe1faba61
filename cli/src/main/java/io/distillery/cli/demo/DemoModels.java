package io.distillery.cli.demo;

import io.distillery.infra.models.DemoModel;
import io.distillery.infra.models.ModelDefinitions;
import io.distillery.infra.serving.DemoRepository;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.repository.ModelRepository;
import io.distillery.trainer.teacher.ImageTeacher;
import io.distillery.trainer.teacher.TeacherTraining;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The demo's models: where they live and the image teacher, trained once and reused. */
final class DemoModels {

  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private DemoModels() {}

  /** {@code .distillery/<name>} under the project home, shared with the other commands. */
  static Path state(String name) {
    return Path.of(System.getProperty("distillery.home", ".")).resolve(".distillery").resolve(name);
  }

  /** The model repository the demo serves from (the one {@code train-teacher} writes). */
  static Path repository() {
    return state("model-repository");
  }

  /** Trains the Fashion-MNIST teacher unless a version exists; prints its test accuracy. */
  static ImageTeacher.Outcome ensureTeacher(Path repository, PrintWriter out) throws IOException {
    LibtorchThreads.configure(2);
    Path definition = ModelDefinitions.inCache(state("models")).ensure(DemoModel.IMAGE_TEACHER);
    LabelledImages train = LabelledImages.fashionMnist(FASHION_MNIST, "train");
    LabelledImages test = LabelledImages.fashionMnist(FASHION_MNIST, "t10k");
    out.println(
        "Image teacher: training it once if the repository has no version (a few minutes on 2 cores)...");
    out.flush();
    ImageTeacher.Outcome outcome =
        new ImageTeacher(new ModelRepository(repository), DemoRepository.IMAGE_TEACHER)
            .ensureTrained(
                definition,
                train,
                test,
                new TeacherTraining.Settings(3, 64, 0.001f, 7),
                false,
                r -> {
                  out.printf(
                      Locale.ROOT,
                      "  teacher epoch %d: loss %.4f, test accuracy %.4f%n",
                      r.epoch(),
                      r.meanLoss(),
                      r.testAccuracy());
                  out.flush();
                });
    out.printf(
        Locale.ROOT,
        "Image teacher %s v%d: test accuracy %.4f, %d parameters%n",
        outcome.trained() ? "trained" : "reused",
        outcome.version(),
        outcome.testAccuracy(),
        outcome.parameters());
    return outcome;
  }
}
