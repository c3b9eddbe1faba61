package io.distillery.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.repository.ModelConfig;
import io.distillery.trainer.repository.ModelRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentPublisherTest {

  @TempDir Path repo;

  private final List<VersionInfo> announced = new ArrayList<>();

  @Test
  void shouldPublishOnlyVersionsThatDoNotRegressBeyondTheTolerance() throws Exception {
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo), ModelConfig.imageClassifier("fmnist-student"), "fmnist");
    StudentPublisher publisher = new StudentPublisher(versions, 0.01, List.of(), announced::add);
    try (TorchScriptModule module = TorchScriptModule.loadForInference(studentDefinition())) {
      var first = publisher.consider(module, accuracy(0.80), 10, 320);
      var regressing = publisher.consider(module, accuracy(0.78), 20, 640);
      var withinTolerance = publisher.consider(module, accuracy(0.795), 30, 960);

      assertThat(first.published()).isTrue();
      assertThat(regressing.published()).isFalse();
      assertThat(regressing.reason()).contains("worse than version 1's 0.8000");
      assertThat(withinTolerance.published()).isTrue();
      assertThat(withinTolerance.version()).isEqualTo(2);
    }
    assertThat(versions.list()).extracting(VersionInfo::version).containsExactly(1L, 2L);
    assertThat(announced).extracting(VersionInfo::samplesSeen).containsExactly(320L, 960L);
    assertThat(
            Files.readString(repo.resolve("fmnist-student/config.pbtxt"), StandardCharsets.UTF_8))
        .contains("platform: \"pytorch_libtorch\"", "name: \"INPUT__0\"", "max_batch_size: 64");
  }

  @Test
  void shouldWriteAVersionThatLoadsAndAnswers() throws Exception {
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo), ModelConfig.imageClassifier("fmnist-student"), "fmnist");
    StudentPublisher publisher = new StudentPublisher(versions, 0, List.of(), announced::add);
    try (TorchScriptModule module = TorchScriptModule.loadForInference(studentDefinition())) {
      publisher.consider(module, accuracy(0.5), 1, 1);
    }
    Path published = new ModelRepository(repo).modelFile("fmnist-student", 1);

    try (TorchScriptModule loaded = TorchScriptModule.loadForInference(published);
        NDManager manager = loaded.newBatchManager()) {
      NDList out = loaded.predict(new NDList(manager.zeros(new Shape(3, 1, 28, 28))));
      assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(3, 10));
    }
  }

  @Test
  void shouldTreatALowerWordErrorRateAsBetterAndWriteTheSpeechSignature() throws Exception {
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo), ModelConfig.speechRecognizer("asr-student", 29), "asr-en");
    StudentPublisher publisher = new StudentPublisher(versions, 0.01, List.of(), announced::add);
    try (TorchScriptModule module =
        TorchScriptModule.loadForInference(
            ModelDefinitions.inCache(Path.of("target", "models"))
                .ensure(DemoModel.SPEECH_STUDENT))) {
      var first = publisher.consider(module, wer(0.90), 10, 80);
      var higher = publisher.consider(module, wer(0.95), 20, 160);
      var lower = publisher.consider(module, wer(0.70), 30, 240);

      assertThat(first.published()).isTrue();
      assertThat(higher.published()).isFalse();
      assertThat(higher.reason()).contains("wer 0.9500 is worse than version 1's 0.9000");
      assertThat(lower.published()).isTrue();
    }
    assertThat(announced).extracting(v -> v.metrics().get("wer")).containsExactly(0.90, 0.70);
    assertThat(Files.readString(repo.resolve("asr-student/config.pbtxt"), StandardCharsets.UTF_8))
        .contains(
            "max_batch_size: 0",
            "name: \"INPUT__1\", data_type: TYPE_INT64, dims: [-1]",
            "name: \"OUTPUT__0\", data_type: TYPE_INT64, dims: [-1, -1]",
            "name: \"OUTPUT__1\", data_type: TYPE_FP32, dims: [-1, -1, 29]",
            "parameters: { key: \"DISABLE_OPTIMIZED_EXECUTION\" value: { string_value: \"true\" } }")
        .doesNotContain("dynamic_batching");
  }

  @Test
  void shouldHoldEveryVersionToTheBestSoFarSoTheServedStudentCannotDriftDown() throws Exception {
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo), ModelConfig.imageClassifier("fmnist-student"), "fmnist");
    StudentPublisher publisher = new StudentPublisher(versions, 0.01, List.of(), announced::add);
    try (TorchScriptModule module = TorchScriptModule.loadForInference(studentDefinition())) {
      publisher.consider(module, accuracy(0.80), 10, 320);
      var slightlyWorse = publisher.consider(module, accuracy(0.792), 20, 640);
      // Within the tolerance of the serving 0.792, but not of the best 0.80.
      var worseAgain = publisher.consider(module, accuracy(0.785), 30, 960);

      assertThat(slightlyWorse.published()).isTrue();
      assertThat(worseAgain.published()).isFalse();
      assertThat(worseAgain.servingMetric()).isEqualTo(0.792);
      assertThat(worseAgain.reason())
          .contains("accuracy 0.7850 is worse than version 1's 0.8000", "version 2 serves");
    }
    assertThat(versions.list()).extracting(VersionInfo::version).containsExactly(1L, 2L);
  }

  @Test
  void shouldMeasureVersionsAfterARollbackAgainstTheVersionRolledBackTo() throws Exception {
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo), ModelConfig.imageClassifier("fmnist-student"), "fmnist");
    StudentPublisher publisher = new StudentPublisher(versions, 0.01, List.of(), announced::add);
    try (TorchScriptModule module = TorchScriptModule.loadForInference(studentDefinition())) {
      publisher.consider(module, accuracy(0.70), 10, 320);
      publisher.consider(module, accuracy(0.90), 20, 640);
      versions.rollback(1);

      var afterRollback = publisher.consider(module, accuracy(0.75), 30, 960);

      assertThat(afterRollback.published()).isTrue();
      assertThat(afterRollback.version()).isEqualTo(4);
    }
  }

  @Test
  void shouldRollBackByCopyingAnOldVersionAsTheNext() throws Exception {
    StudentVersions versions =
        new StudentVersions(
            new ModelRepository(repo), ModelConfig.imageClassifier("fmnist-student"), "fmnist");
    versions.writeNext(new byte[] {1}, 0, 1, 10, java.util.Map.of("accuracy", 0.8), "PUBLISHED");
    versions.writeNext(new byte[] {2}, 1, 2, 20, java.util.Map.of("accuracy", 0.6), "PUBLISHED");

    VersionInfo rolledBack = versions.rollback(1);

    assertThat(rolledBack.version()).isEqualTo(3);
    assertThat(rolledBack.parentVersion()).isEqualTo(1);
    assertThat(rolledBack.status()).isEqualTo("ROLLED_BACK");
    assertThat(Files.readAllBytes(new ModelRepository(repo).modelFile("fmnist-student", 3)))
        .containsExactly(1);
  }

  private static Metric wer(double value) {
    return new Metric("wer", value, false);
  }

  private static Metric accuracy(double value) {
    return new Metric("accuracy", value, true);
  }

  static Path studentDefinition() {
    return ModelDefinitions.inCache(Path.of("target", "models")).ensure(DemoModel.IMAGE_STUDENT);
  }
}
