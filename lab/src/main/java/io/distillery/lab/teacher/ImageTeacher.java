package io.distillery.lab.teacher;

import io.distillery.kserve.repository.ModelRepository;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.ImageClassifier;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.publish.StudentSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The image teacher in a model repository: trained once from its definition and written as the next
 * version, reused when a version exists (unless forced), evaluated on a labelled split.
 */
public final class ImageTeacher {

  private final ModelRepository repository;
  private final String modelName;

  /**
   * @param repository where the teacher's versions live
   * @param modelName the teacher's model name in the repository
   */
  public ImageTeacher(ModelRepository repository, String modelName) {
    this.repository = repository;
    this.modelName = modelName;
  }

  /**
   * The outcome of {@link #ensureTrained}.
   *
   * @param version the teacher's version in the repository
   * @param trained whether this call trained it (false: an existing version was reused)
   * @param testAccuracy test accuracy of that version
   * @param trainSeconds training wall time (0 when reused)
   * @param parameters the teacher's parameter count
   */
  public record Outcome(
      long version, boolean trained, double testAccuracy, double trainSeconds, long parameters) {}

  /**
   * Trains the teacher from {@code definition} unless a version exists and {@code force} is false,
   * then reports its test accuracy.
   */
  public Outcome ensureTrained(
      Path definition,
      LabelledImages train,
      LabelledImages test,
      TeacherTraining.Settings settings,
      boolean force,
      Consumer<TeacherTraining.EpochReport> progress)
      throws IOException {
    OptionalLong latest = repository.latestVersion(modelName);
    if (latest.isPresent() && !force) {
      Evaluation evaluation = evaluate(repository.modelFile(modelName, latest.getAsLong()), test);
      return new Outcome(
          latest.getAsLong(), false, evaluation.accuracy(), 0, evaluation.parameters());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    double seconds = 0;
    TeacherTraining.EpochReport last = null;
    long start = System.nanoTime();
    last = TeacherTraining.train(definition, train, test, settings, progress, bytes);
    seconds = (System.nanoTime() - start) / 1e9;
    long version = latest.orElse(0) + 1;
    byte[] model = bytes.toByteArray();
    repository.writeVersion(
        StudentSignature.imageClassifier(modelName).modelConfig(),
        version,
        Map.of(ModelRepository.MODEL_FILE, out -> out.write(model)));
    long parameters = evaluate(repository.modelFile(modelName, version), test.head(1)).parameters();
    return new Outcome(version, true, last.testAccuracy(), seconds, parameters);
  }

  /**
   * Test accuracy and size of a TorchScript classifier.
   *
   * @param accuracy fraction classified correctly
   * @param parameters parameter count
   */
  public record Evaluation(double accuracy, long parameters) {}

  /** Evaluates a TorchScript classifier file on a labelled set. */
  public static Evaluation evaluate(Path modelFile, LabelledImages test) {
    try (TorchScriptModule module = TorchScriptModule.loadForInference(modelFile)) {
      return new Evaluation(ImageClassifier.accuracy(module, test), module.parameterCount());
    }
  }

  /** The latest version's model file, if the teacher exists. */
  public java.util.Optional<Path> latestModelFile() throws IOException {
    OptionalLong latest = repository.latestVersion(modelName);
    return latest.isPresent()
        ? java.util.Optional.of(repository.modelFile(modelName, latest.getAsLong()))
        : java.util.Optional.empty();
  }
}
