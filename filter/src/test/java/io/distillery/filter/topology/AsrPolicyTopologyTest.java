package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.speech;
import static io.distillery.filter.fixture.Records.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsrPolicyTopologyTest {

  @TempDir Path stateDir;

  private final TaskTopics topics = TaskTopics.of("asr-en");
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> labeled;
  private TestOutputTopic<String, ScoredRecord> accepted;
  private TestOutputTopic<String, ScoredRecord> rejected;

  @BeforeEach
  void start() {
    FilterConfig config =
        FilterConfig.of(topics, PolicyLoader.builtIn("asr-en"), "unused:9092", stateDir);
    driver =
        new TopologyTestDriver(
            FilterTopology.build(config, new SimpleMeterRegistry()), config.streamsProperties());
    labeled =
        driver.createInputTopic(
            topics.labeled(), new StringSerializer(), new ByteArraySerializer());
    var scored = Serdes.scored().deserializer();
    accepted = driver.createOutputTopic(topics.accepted(), new StringDeserializer(), scored);
    rejected = driver.createOutputTopic(topics.rejected(), new StringDeserializer(), scored);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(LabeledRecord record) {
    labeled.pipeInput(record.getRaw().getId(), Serdes.labeled().encode(record));
  }

  @Test
  void shouldAcceptWhenWerBelowThresholdAfterEnglishNormalisation() {
    send(
        labeled(
            speech("u1", "Mr. Smith paid twenty dollars for the colour TV.", 4),
            transcript(ModelRole.TEACHER, "mister smith paid $20 for the color tv", 0.9f)));
    ScoredRecord out = accepted.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.ACCEPT);
    assertThat(out.getScores()).containsEntry("reference-wer", 0.0);
  }

  @Test
  void shouldKeepSoftWhenWerBetweenThresholds() {
    send(
        labeled(
            speech("u2", "one two three four five six seven eight nine ten", 4),
            transcript(ModelRole.TEACHER, "one two three four five six seven ate nine tan", 0.9f)));
    ScoredRecord out = accepted.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.SOFT);
    assertThat(out.getWeight()).isEqualTo(0.5);
    assertThat(out.getScores().get("reference-wer")).isEqualTo(0.2);
  }

  @Test
  void shouldRejectWhenWerAboveThreshold() {
    send(
        labeled(
            speech("u3", "the weather is nice today", 2),
            transcript(ModelRole.TEACHER, "whether it's ice to day", 0.9f)));
    ScoredRecord out = rejected.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.REJECT);
    assertThat(out.getReasons()).anyMatch(r -> r.startsWith("reference-wer"));
  }

  @Test
  void shouldRejectAllCapsAndLoopingTranscriptsWithoutReference() {
    send(labeled(speech("u4", null, 2), transcript(ModelRole.TEACHER, "HELLO THERE", 0.9f)));
    String loop = "thank you so much ".repeat(10);
    send(labeled(speech("u5", null, 20), transcript(ModelRole.TEACHER, loop, 0.9f)));
    var out = rejected.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).getReasons()).anyMatch(r -> r.startsWith("teacher-all-caps"));
    assertThat(out.get(1).getReasons())
        .anyMatch(r -> r.startsWith("repeated-ngram-ratio"))
        .anyMatch(r -> r.startsWith("compression-ratio"));
  }

  @Test
  void shouldJudgeUnreferencedSpeechByProxyAgreement() {
    send(
        labeled(
            speech("u6", null, 3),
            transcript(ModelRole.TEACHER, "please call stella", 0.9f),
            transcript(ModelRole.PROXY, "please call stella", 0.6f)));
    send(
        labeled(
            speech("u7", null, 3),
            transcript(ModelRole.TEACHER, "please call stella", 0.9f),
            transcript(ModelRole.PROXY, "peas all bella now", 0.6f)));
    assertThat(accepted.readValue().getLabeled().getRaw().getId()).isEqualTo("u6");
    ScoredRecord out = rejected.readValue();
    assertThat(out.getLabeled().getRaw().getId()).isEqualTo("u7");
    assertThat(out.getReasons()).anyMatch(r -> r.startsWith("proxy-wer"));
  }
}
