package io.distillery.lab.demo;

import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.lab.teacher.TeacherTraining;
import io.distillery.models.DemoModel;
import io.distillery.models.DemoRepository;
import io.distillery.models.ModelDefinitions;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.LibtorchThreads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The demo's image teacher, trained once into the repository and reused afterwards. */
public final class DemoModels {

  private DemoModels() {}

  /** Trains the Fashion-MNIST teacher unless a version exists; prints its test accuracy. */
  public static ImageTeacher.Outcome ensureTeacher(Path repository, int epochs, PrintWriter out)
      throws IOException {
    LibtorchThreads.configure(2);
    Path definition =
        ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.IMAGE_TEACHER);
    LabelledImages train = LabelledImages.fashionMnist(Home.FASHION_MNIST, "train");
    LabelledImages test = LabelledImages.fashionMnist(Home.FASHION_MNIST, "t10k");
    out.println(
        "Image teacher: training it once if the repository has no version (a few minutes on 2 cores)...");
    out.flush();
    ImageTeacher.Outcome outcome =
        new ImageTeacher(new ModelRepository(repository), DemoRepository.IMAGE_TEACHER)
            .ensureTrained(
                definition,
                train,
                test,
                new TeacherTraining.Settings(epochs, 64, 0.001f, 7),
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
