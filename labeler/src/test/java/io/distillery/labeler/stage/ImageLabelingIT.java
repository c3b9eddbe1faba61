package io.distillery.labeler.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ImageLabelingIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir static Path repository;
  @TempDir static Path definitions;
  @AutoClose static InferenceServer server;

  /**
   * The teacher is the demo's TorchScript CNN served through DJL (untrained: the labels are not
   * checked for accuracy here); the proxy and the broken models are synthetic.
   */
  @BeforeAll
  static void startServer() throws Exception {
    LabelerFixture.imageModels(repository, 2);
    LabelerFixture.torchScriptTeacher(repository, "cnn", definitions);
    LabelerFixture.imagePresets(repository, definitions);
    LabelerFixture.synthetic(repository, "streamed", 0, "deterministic");
    Files.writeString(
        repository.resolve("streamed/config.pbtxt"),
        "model_transaction_policy { decoupled: true }\n",
        java.nio.file.StandardOpenOption.APPEND);
    server = LabelerFixture.server(repository, 0);
  }

  @Test
  void shouldLabelEveryFashionMnistImageExactlyOnceWithTeacherProxyAndEnsemble() throws Exception {
    TaskTopics topics = kafka.createTopics("fmnist-all", 3);
    int n = 2000;
    List<LabeledRecord> labeled =
        labelImages(topics, 0, n, "a", "teacher=cnn,proxy=proxy,ensemble=cnn+proxy", List.of());
    assertThat(labeled).hasSize(n);
    assertThat(labeled.stream().map(r -> r.getRaw().getId()).distinct()).hasSize(n);
    LabeledRecord first = labeled.get(0);
    assertThat(first.getOutputs())
        .extracting(ModelOutput::getRole)
        .containsExactly(
            ModelRole.TEACHER,
            ModelRole.PROXY,
            ModelRole.COMMITTEE,
            ModelRole.COMMITTEE,
            ModelRole.ENSEMBLE);
    assertThat(labeled.stream().map(r -> r.getOutputs().get(0).getProbabilities()).distinct())
        .as("the CNN computed on each image's pixels")
        .hasSizeGreaterThan(n / 2);
    for (LabeledRecord r : labeled) {
      ModelOutput teacher = r.getOutputs().get(0);
      assertThat(teacher.getModelName()).isEqualTo("cnn");
      assertThat(teacher.getModelVersion()).isEqualTo("1");
      assertThat(teacher.getProbabilities()).hasSize(10);
      assertThat(teacher.getProbabilities().stream().mapToDouble(Float::doubleValue).sum())
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      assertThat(teacher.getLatencyMillis()).isPositive();
      ModelOutput ensemble = r.getOutputs().get(4);
      assertThat(ensemble.getModelName()).isEqualTo("cnn+proxy");
      for (int c = 0; c < 10; c++) {
        float mean =
            (r.getOutputs().get(2).getProbabilities().get(c)
                    + r.getOutputs().get(3).getProbabilities().get(c))
                / 2;
        assertThat(ensemble.getProbabilities().get(c))
            .isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-6f));
      }
    }
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
  }

  /**
   * The same teacher under four signatures gives the same labels: grey NCHW pixels in 0..1 (the
   * demo's), colour NHWC pixels in ImageNet normalisation, the encoded PNG through an ensemble
   * whose first step decodes it, and Triton's classification strings instead of the score tensor.
   */
  @Test
  void shouldGiveTheSameLabelsUnderEveryImageSignature() throws Exception {
    TaskTopics topics = kafka.createTopics("fmnist-presets", 1);
    int n = 200;
    List<LabeledRecord> labeled =
        labelImages(
            topics,
            100,
            n,
            "presets",
            "teacher=cnn,proxy=cnn-nhwc,student=cnn-encoded,ensemble=cnn-classify+cnn",
            List.of("cnn-classify:OUTPUT__0=classification"));
    assertThat(labeled).hasSize(n);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    for (LabeledRecord r : labeled) {
      List<Float> teacher = r.getOutputs().get(0).getProbabilities();
      assertThat(r.getOutputs())
          .as("teacher, proxy, the committee, then the student (bound on its own) and the ensemble")
          .extracting(ModelOutput::getModelName)
          .containsExactly(
              "cnn", "cnn-nhwc", "cnn-classify", "cnn", "cnn-encoded", "cnn-classify+cnn");
      for (String name : List.of("cnn-nhwc", "cnn-encoded", "cnn-classify")) {
        List<Float> other =
            r.getOutputs().stream()
                .filter(o -> o.getModelName().equals(name))
                .findFirst()
                .orElseThrow()
                .getProbabilities();
        assertThat(other).hasSize(10);
        for (int c = 0; c < 10; c++) {
          assertThat(other.get(c))
              .as("%s class %d of %s", name, c, r.getRaw().getId())
              .isCloseTo(teacher.get(c), org.assertj.core.data.Offset.offset(1e-4f));
        }
      }
    }
  }

  /** A decoupled teacher answers on the streaming RPC only: the labeler calls it there. */
  @Test
  void shouldLabelWithADecoupledModelThroughTheStream() throws Exception {
    TaskTopics topics = kafka.createTopics("fmnist-stream", 1);
    int n = 100;
    List<LabeledRecord> labeled =
        labelImages(topics, 400, n, "stream", "teacher=streamed,proxy=proxy", List.of());
    assertThat(labeled).hasSize(n);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    for (LabeledRecord r : labeled) {
      // the same synthetic model, one decoupled: the same answer by either RPC
      assertThat(r.getOutputs().get(0).getModelName()).isEqualTo("streamed");
      assertThat(r.getOutputs().get(0).getProbabilities())
          .isEqualTo(r.getOutputs().get(1).getProbabilities());
    }
  }

  @Test
  void shouldDeadLetterGarbageUndecodableRecordsAndWrongShapesWithReasons() throws Exception {
    TaskTopics good = kafka.createTopics("fmnist-garbage", 1);
    TaskTopics wrong = kafka.createTopics("fmnist-wrong", 1);
    List<byte[]> pngs = LabelerFixture.fashionPngs(100, 20);
    LabelerFixture.sendImages(kafka.bootstrapServers(), good, "ok", pngs);
    LabelerFixture.sendImages(kafka.bootstrapServers(), wrong, "w", pngs);
    try (KafkaProducer<byte[], byte[]> producer =
        LabelerFixture.producer(kafka.bootstrapServers())) {
      LabelerFixture.send(
          producer,
          good.raw(),
          LabelerFixture.image(
              good.task(), "garbage", "not an image".getBytes(StandardCharsets.UTF_8)));
      LabelerFixture.sendBytes(producer, good.raw(), "not-avro", new byte[] {1, 2, 3});
    }
    try (LabelerStage a =
            LabelerFixture.startImageLabeler(
                good, kafka.bootstrapServers(), "g", "teacher=cnn", server.port());
        LabelerStage b =
            LabelerFixture.startImageLabeler(
                wrong, kafka.bootstrapServers(), "w", "teacher=wrong", server.port())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  LabelerFixture.labeled(kafka.bootstrapServers(), good).size() == 20
                      && LabelerFixture.dead(kafka.bootstrapServers(), good).size() == 2
                      && LabelerFixture.dead(kafka.bootstrapServers(), wrong).size() == 20);
    }
    Map<String, DeadLetter> dead =
        LabelerFixture.dead(kafka.bootstrapServers(), good).stream()
            .collect(
                Collectors.toMap(
                    d -> new String(d.getOriginalKey().array(), StandardCharsets.UTF_8),
                    Function.identity()));
    assertThat(dead.get("garbage").getErrorType()).isEqualTo("unsupported-content");
    assertThat(dead.get("garbage").getRecordId()).isEqualTo("garbage");
    assertThat(dead.get("not-avro").getErrorType()).isEqualTo("undecodable-record");
    assertThat(dead.get("not-avro").getOriginalValue().array()).containsExactly(1, 2, 3);
    assertThat(dead.values())
        .allSatisfy(
            d -> {
              assertThat(d.getStage()).isEqualTo("labeler");
              assertThat(d.getTopic()).isEqualTo(good.raw());
              assertThat(d.getReason()).isNotBlank();
            });
    List<DeadLetter> wrongShapes = LabelerFixture.dead(kafka.bootstrapServers(), wrong);
    assertThat(wrongShapes)
        .allSatisfy(
            d -> {
              assertThat(d.getErrorType()).isEqualTo("malformed-output");
              assertThat(d.getReason()).contains("wrong");
            });
    assertThat(wrongShapes.stream().map(DeadLetter::getOffset).distinct()).hasSize(20);
    assertThat(LabelerFixture.labeled(kafka.bootstrapServers(), wrong)).isEmpty();
  }

  @Test
  void shouldDeadLetterEveryRecordAModelAnswersWithNaN() throws Exception {
    TaskTopics topics = kafka.createTopics("fmnist-nan", 1);
    LabelerFixture.sendImages(
        kafka.bootstrapServers(), topics, "n", LabelerFixture.fashionPngs(200, 10));
    try (LabelerStage stage =
        LabelerFixture.startImageLabeler(
            topics, kafka.bootstrapServers(), "n", "teacher=cnn,proxy=nan", server.port())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> LabelerFixture.dead(kafka.bootstrapServers(), topics).size() == 10);
    }
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics))
        .allSatisfy(
            d -> {
              assertThat(d.getErrorType()).isEqualTo("non-finite-output");
              assertThat(d.getReason()).contains("nan", "NaN");
            });
    assertThat(LabelerFixture.labeled(kafka.bootstrapServers(), topics))
        .as("one model's NaN spoils the record's label")
        .isEmpty();
  }

  /**
   * Sends Fashion-MNIST images {@code first..first+n-1}, labels them with a labeler of {@code
   * instance} bound to {@code models} (and tensor roles {@code bindings}), waits up to two minutes
   * for {@code n} labels, and returns what the labeled topic holds.
   */
  private List<LabeledRecord> labelImages(
      TaskTopics topics, int first, int n, String instance, String models, List<String> bindings)
      throws Exception {
    LabelerFixture.sendImages(
        kafka.bootstrapServers(), topics, instance, LabelerFixture.fashionPngs(first, n));
    try (LabelerStage stage =
        LabelerFixture.startImageLabeler(
            topics, kafka.bootstrapServers(), instance, models, server.port(), bindings)) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= n);
    }
    return LabelerFixture.labeled(kafka.bootstrapServers(), topics);
  }
}
