package io.distillery.labeler.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.TritonClient;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.models.DemoModel;
import io.distillery.models.DemoRepository;
import io.distillery.models.ModelDefinitions;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labeler asking a live student beside the teacher (KD3): a student with no version yet does
 * not hold up the start, each version published later is used once the server serves it, a student
 * answering garbage costs no record, and the speech student's token ids come back as text.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StudentLabelingIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path repository;
  @TempDir Path definitions;
  @TempDir Path audio;

  @Test
  void shouldLabelWithoutTheStudentUntilItIsServedThenWithEachVersionItPublishes()
      throws Exception {
    TaskTopics topics = kafka.createTopics("kd3-image", 1);
    LabelerFixture.torchScriptTeacher(repository, "cnn", definitions);
    Path student = Files.createDirectories(repository.resolve("student"));
    Files.writeString(
        student.resolve("config.pbtxt"),
        Files.readString(repository.resolve("cnn/config.pbtxt"))
            .replace("name: \"cnn\"", "name: \"student\""));
    ModelDefinitions models = ModelDefinitions.inCache(definitions);
    List<String> sent = new ArrayList<>();
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        TritonClient control = control(server);
        LabelerStage stage =
            LabelerStage.start(
                imageConfig(topics, "teacher=cnn,student=student", server.port()),
                new SimpleMeterRegistry())) {
      sent.addAll(sendAndAwait(topics, "before", 0, 40, sent.size()));

      for (int version = 1; version <= 2; version++) {
        Files.copy(
            models.ensure(DemoModel.IMAGE_STUDENT, version),
            Files.createDirectories(student.resolve(Integer.toString(version))).resolve("model.pt"),
            StandardCopyOption.REPLACE_EXISTING);
        control.endpoints().get(0).repositoryModelLoad("student", Duration.ofSeconds(60)).join();
        // the labeler looks for the new version on its own schedule: send until one is used
        String v = Integer.toString(version);
        for (int round = 0; !studentVersions(topics).contains(v); round++) {
          sent.addAll(
              sendAndAwait(topics, "v" + v + "-" + round, 40 + round * 10, 10, sent.size()));
        }
      }
    }

    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled)
        .extracting(r -> r.getRaw().getId())
        .as("every record labeled exactly once, in offset order")
        .containsExactlyElementsOf(sent);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    for (LabeledRecord r : labeled.subList(0, 40)) {
      assertThat(r.getOutputs())
          .as("before the student had a version the teacher alone answered")
          .extracting(ModelOutput::getRole)
          .containsExactly(ModelRole.TEACHER);
    }
    String previous = "0";
    for (LabeledRecord r : labeled) {
      Optional<ModelOutput> s = student(r);
      if (s.isEmpty()) {
        continue;
      }
      assertThat(s.get().getModelName()).isEqualTo("student");
      assertThat(Long.parseLong(s.get().getModelVersion()))
          .as("the served version never goes back once a newer one answered")
          .isGreaterThanOrEqualTo(Long.parseLong(previous));
      previous = s.get().getModelVersion();
      double sum = s.get().getProbabilities().stream().mapToDouble(Float::doubleValue).sum();
      assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-3));
      assertThat(s.get().getProbabilities())
          .as("the student's own answer, not the teacher's")
          .isNotEqualTo(r.getOutputs().get(0).getProbabilities());
    }
    assertThat(previous).isEqualTo("2");
  }

  @Test
  void shouldLabelEveryRecordWhenTheStudentAnswersGarbage() throws Exception {
    TaskTopics topics = kafka.createTopics("kd3-garbage", 2);
    LabelerFixture.torchScriptTeacher(repository, "cnn", definitions);
    LabelerFixture.synthetic(repository, "nan", 0, "nan");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        LabelerStage stage =
            LabelerStage.start(
                imageConfig(topics, "teacher=cnn,student=nan", server.port()), registry)) {
      LabelerFixture.sendImages(
          kafka.bootstrapServers(), topics, "g", LabelerFixture.fashionPngs(0, 30));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= 30);
      assertThat(registry.get("distillery.labeler.student.misses").functionCounter().count())
          .as("each record went on without the student's NaN answer")
          .isEqualTo(30.0);
    }
    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled).hasSize(30);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    assertThat(labeled)
        .allSatisfy(
            r ->
                assertThat(r.getOutputs())
                    .extracting(ModelOutput::getRole)
                    .containsExactly(ModelRole.TEACHER));
  }

  @Test
  void shouldReadTheSpeechStudentsTokenIdsAsItsTranscript() throws Exception {
    assumeThat(SpeechClips.toolsPresent()).as("espeak-ng, flite and sox").isTrue();
    assumeThat(SpeechClips.onPath("pocketsphinx_batch")).as("pocketsphinx").isTrue();
    TaskTopics topics = kafka.createTopics("kd3-speech", 1);
    List<SpeechClips.Clip> clips = SpeechClips.synthesise(audio, 4);
    DemoRepository.write(repository, name -> name.equals(DemoRepository.ASR_TEACHER));
    Path student = Files.createDirectories(repository.resolve("asr-student/1"));
    Files.copy(
        ModelDefinitions.inCache(definitions).ensure(DemoModel.SPEECH_STUDENT),
        student.resolve("model.pt"));
    // the config the trainer publishes with its speech student (StudentSignature)
    Files.writeString(
        repository.resolve("asr-student/config.pbtxt"),
        """
        name: "asr-student"
        platform: "pytorch_libtorch"
        max_batch_size: 0
        input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ -1, -1 ] },
                { name: "INPUT__1" data_type: TYPE_INT64 dims: [ -1 ] } ]
        output [ { name: "OUTPUT__0" data_type: TYPE_INT64 dims: [ -1, -1 ] },
                 { name: "OUTPUT__1" data_type: TYPE_FP32 dims: [ -1, -1, 29 ] } ]
        parameters { key: "DISABLE_OPTIMIZED_EXECUTION" value { string_value: "true" } }
        parameters { key: "%s" value { string_value: " abcdefghijklmnopqrstuvwxyz'" } }
        """
            .formatted(ModelSignature.CTC_VOCABULARY));
    try (KafkaProducer<byte[], byte[]> producer =
        LabelerFixture.producer(kafka.bootstrapServers())) {
      clips.forEach(
          c ->
              LabelerFixture.send(producer, topics.raw(), LabelerFixture.speech(topics.task(), c)));
    }
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        LabelerStage stage =
            LabelerStage.start(
                LabelerFixture.builder(
                        topics,
                        TaskKind.SPEECH,
                        kafka.bootstrapServers(),
                        "s",
                        "teacher=" + DemoRepository.ASR_TEACHER + ",student=asr-student",
                        server.port(),
                        new BatchPolicy(4, Duration.ofMillis(50), 1, 32 << 20),
                        Duration.ofSeconds(120),
                        List.of())
                    .build(),
                new SimpleMeterRegistry())) {
      await()
          .atMost(Duration.ofSeconds(200))
          .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= 4);
    }
    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled).hasSize(4);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    for (LabeledRecord r : labeled) {
      assertThat(r.getOutputs())
          .extracting(ModelOutput::getRole)
          .containsExactly(ModelRole.TEACHER, ModelRole.STUDENT);
      ModelOutput s = student(r).orElseThrow();
      assertThat(s.getModelName()).isEqualTo("asr-student");
      assertThat(s.getModelVersion()).isEqualTo("1");
      assertThat(s.getTranscript())
          .as("characters of the student's vocabulary, one space between words")
          .matches("[a-z' ]*")
          .doesNotContain("  ");
      assertThat(s.getProbabilities()).isEmpty();
    }
  }

  private static io.distillery.labeler.config.LabelerConfig imageConfig(
      TaskTopics topics, String models, int port) {
    return LabelerFixture.builder(
            topics,
            TaskKind.IMAGE,
            kafka.bootstrapServers(),
            "i",
            models,
            port,
            new BatchPolicy(16, Duration.ofMillis(10), 2, 32 << 20),
            LabelerFixture.INFER_DEADLINE,
            List.of())
        .studentCheck(Duration.ofMillis(200))
        .build();
  }

  /**
   * Sends {@code n} test images from {@code from} and waits until {@code before + n} are labeled.
   */
  private static List<String> sendAndAwait(
      TaskTopics topics, String prefix, int from, int n, int before) throws Exception {
    LabelerFixture.sendImages(
        kafka.bootstrapServers(), topics, prefix, LabelerFixture.fashionPngs(from, n));
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= before + n);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }

  private static List<String> studentVersions(TaskTopics topics) {
    return LabelerFixture.labeled(kafka.bootstrapServers(), topics).stream()
        .flatMap(r -> student(r).stream())
        .map(ModelOutput::getModelVersion)
        .distinct()
        .toList();
  }

  private static Optional<ModelOutput> student(LabeledRecord r) {
    return r.getOutputs().stream().filter(o -> o.getRole() == ModelRole.STUDENT).findFirst();
  }

  private static TritonClient control(InferenceServer server) {
    return TritonClient.connect(
        ClientConfig.defaults(
            List.of(new io.distillery.kserve.client.ServerAddress("127.0.0.1", server.port()))),
        new SimpleMeterRegistry());
  }
}
