package io.distillery.trainer.publish;

import static io.distillery.models.DemoModel.IMAGE_STUDENT;
import static io.distillery.models.DemoModel.SPEECH_STUDENT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.schemas.kserve.config.DataType;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInstanceGroup;
import io.distillery.schemas.kserve.config.ModelParameter;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.Students;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.publish.StudentPublisher.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudentPublisherTest {

  @TempDir Path repo;

  private final List<VersionInfo> announced = new ArrayList<>();

  /** The image student's versions in {@code repo}. */
  private StudentVersions versions;

  @BeforeEach
  void imageVersions() {
    versions =
        new StudentVersions(
            new ModelRepository(repo),
            StudentSignature.imageClassifier("fmnist-student"),
            "fmnist");
  }

  @Test
  void shouldPublishOnlyVersionsThatDoNotRegressBeyondTheTolerance() throws Exception {
    List<Decision> decisions = considerInTurn(0.01, 0.80, 0.78, 0.795);

    assertThat(decisions).extracting(Decision::published).containsExactly(true, false, true);
    assertThat(decisions.get(1).reason()).contains("worse than version 1's 0.8000");
    assertThat(decisions.get(2).version()).isEqualTo(2);
    assertThat(versions.list()).extracting(VersionInfo::version).containsExactly(1L, 2L);
    assertThat(announced).extracting(VersionInfo::samplesSeen).containsExactly(320L, 960L);
    ModelConfig config = ModelRepository.existing(repo).readConfig("fmnist-student");
    assertThat(config.getPlatform()).isEqualTo("pytorch_libtorch");
    assertThat(config.getMaxBatchSize()).isEqualTo(64);
    assertThat(config.getInput(0).getName()).isEqualTo("INPUT__0");
    assertThat(config.getInput(0).getDimsList()).containsExactly(1L, 28L, 28L);
    assertThat(config.getVersionPolicy().getLatest().getNumVersions()).isEqualTo(2);
    assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_CPU);
    assertThat(config.hasDynamicBatching()).isTrue();
  }

  @Test
  void shouldWriteAVersionThatLoadsAndAnswers() throws Exception {
    try (TorchScriptModule module = imageStudent()) {
      publisher(0).consider(module, accuracy(0.5), 1, 1);
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
    StudentVersions speechVersions =
        new StudentVersions(
            new ModelRepository(repo),
            StudentSignature.speechRecognizer("asr-student", 29),
            "asr-en");
    StudentPublisher publisher =
        new StudentPublisher(speechVersions, 0.01, List.of(), announced::add);
    try (TorchScriptModule module =
        TorchScriptModule.loadForInference(Students.definition(SPEECH_STUDENT))) {
      var first = publisher.consider(module, wer(0.90), 10, 80);
      var higher = publisher.consider(module, wer(0.95), 20, 160);
      var lower = publisher.consider(module, wer(0.70), 30, 240);

      assertThat(first.published()).isTrue();
      assertThat(higher.published()).isFalse();
      assertThat(higher.reason()).contains("wer 0.9500 is worse than version 1's 0.9000");
      assertThat(lower.published()).isTrue();
    }
    assertThat(announced).extracting(v -> v.metrics().get("wer")).containsExactly(0.90, 0.70);
    ModelConfig config = ModelRepository.existing(repo).readConfig("asr-student");
    assertThat(config.getMaxBatchSize()).isZero();
    assertThat(config.getInput(1).getDataType()).isEqualTo(DataType.TYPE_INT64);
    assertThat(config.getInput(1).getDimsList()).containsExactly(-1L);
    assertThat(config.getOutput(0).getDataType()).isEqualTo(DataType.TYPE_INT64);
    assertThat(config.getOutput(0).getDimsList()).containsExactly(-1L, -1L);
    assertThat(config.getOutput(1).getDataType()).isEqualTo(DataType.TYPE_FP32);
    assertThat(config.getOutput(1).getDimsList()).containsExactly(-1L, -1L, 29L);
    assertThat(config.getParametersMap())
        .containsEntry(
            "DISABLE_OPTIMIZED_EXECUTION",
            ModelParameter.newBuilder().setStringValue("true").build());
    assertThat(config.hasDynamicBatching()).isFalse();
  }

  @Test
  void shouldHoldEveryVersionToTheBestSoFarSoTheServedStudentCannotDriftDown() throws Exception {
    List<Decision> decisions = considerInTurn(0.01, 0.80, 0.792, 0.785);

    // The third is within the tolerance of the serving 0.792, but not of the best 0.80.
    assertThat(decisions).extracting(Decision::published).containsExactly(true, true, false);
    Decision worseAgain = decisions.get(2);
    assertThat(worseAgain.servingMetric()).isEqualTo(0.792);
    assertThat(worseAgain.reason())
        .contains("accuracy 0.7850 is worse than version 1's 0.8000", "version 2 serves");
    assertThat(versions.list()).extracting(VersionInfo::version).containsExactly(1L, 2L);
  }

  @Test
  void shouldMeasureVersionsAfterARollbackAgainstTheVersionRolledBackTo() throws Exception {
    StudentPublisher publisher = publisher(0.01);
    try (TorchScriptModule module = imageStudent()) {
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
    versions.writeNext(new byte[] {1}, 0, 1, 10, Map.of("accuracy", 0.8), "PUBLISHED");
    versions.writeNext(new byte[] {2}, 1, 2, 20, Map.of("accuracy", 0.6), "PUBLISHED");

    VersionInfo rolledBack = versions.rollback(1);

    assertThat(rolledBack.version()).isEqualTo(3);
    assertThat(rolledBack.parentVersion()).isEqualTo(1);
    assertThat(rolledBack.status()).isEqualTo("ROLLED_BACK");
    assertThat(Files.readAllBytes(new ModelRepository(repo).modelFile("fmnist-student", 3)))
        .containsExactly(1);
  }

  /** A publisher of the image student's versions that tolerates {@code tolerance}. */
  private StudentPublisher publisher(double tolerance) {
    return new StudentPublisher(versions, tolerance, List.of(), announced::add);
  }

  /**
   * Offers the image student to a publisher of {@code tolerance} once per accuracy, 10 steps and
   * 320 samples apart; its decisions.
   */
  private List<Decision> considerInTurn(double tolerance, double... accuracies) throws IOException {
    StudentPublisher publisher = publisher(tolerance);
    List<Decision> decisions = new ArrayList<>();
    try (TorchScriptModule module = imageStudent()) {
      for (int i = 0; i < accuracies.length; i++) {
        decisions.add(
            publisher.consider(module, accuracy(accuracies[i]), 10L * (i + 1), 320L * (i + 1)));
      }
    }
    return decisions;
  }

  private static TorchScriptModule imageStudent() {
    return TorchScriptModule.loadForInference(Students.definition(IMAGE_STUDENT));
  }

  private static Metric wer(double value) {
    return new Metric("wer", value, false);
  }

  private static Metric accuracy(double value) {
    return new Metric("accuracy", value, true);
  }
}
