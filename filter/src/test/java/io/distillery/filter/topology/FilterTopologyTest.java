package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.image;
import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.peaked;
import static io.distillery.filter.fixture.Records.probabilities;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterTopologyTest {

  @TempDir Path stateDir;

  private final TaskTopics topics = TaskTopics.of("fmnist");
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> labeled;
  private TestOutputTopic<String, ScoredRecord> accepted;
  private TestOutputTopic<String, ScoredRecord> rejected;
  private TestOutputTopic<byte[], DeadLetter> dlq;

  @BeforeEach
  void start() {
    FilterConfig config =
        FilterConfig.of(topics, PolicyLoader.builtIn("fmnist"), "unused:9092", stateDir);
    driver =
        new TopologyTestDriver(FilterTopology.build(config, registry), config.streamsProperties());
    labeled =
        driver.createInputTopic(
            topics.labeled(), new StringSerializer(), new ByteArraySerializer());
    var scored = Serdes.scored().deserializer();
    accepted = driver.createOutputTopic(topics.accepted(), new StringDeserializer(), scored);
    rejected = driver.createOutputTopic(topics.rejected(), new StringDeserializer(), scored);
    dlq =
        driver.createOutputTopic(
            topics.dlq(), new ByteArrayDeserializer(), Serdes.deadLetter().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(LabeledRecord record) {
    labeled.pipeInput(record.getRaw().getId(), Serdes.labeled().encode(record));
  }

  @Test
  void shouldAcceptConfidentTeacherThatMatchesTheReference() {
    send(labeled(image("img-1", "3"), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    var out = accepted.readKeyValue();
    assertThat(out.key).isEqualTo("img-1");
    assertThat(out.value.getDecision()).isEqualTo(Decision.ACCEPT);
    assertThat(out.value.getWeight()).isEqualTo(1.0);
    assertThat(out.value.getPolicy()).isEqualTo("fmnist-default");
    assertThat(out.value.getScores()).containsKeys("max-prob", "margin", "entropy");
    assertThat(rejected.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepUncertainTeacherAsSoftTargetWithWeight() {
    send(labeled(image("img-2", null), probabilities(ModelRole.TEACHER, peaked(5, 0.6f))));
    ScoredRecord out = accepted.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.SOFT);
    assertThat(out.getWeight()).isEqualTo(0.5);
    assertThat(out.getSoftTargetOnly()).isTrue();
    assertThat(out.getReasons()).anyMatch(r -> r.startsWith("max-prob"));
  }

  @Test
  void shouldRejectTeacherThatContradictsTheReference() {
    send(labeled(image("img-3", "4"), probabilities(ModelRole.TEACHER, peaked(3, 0.99f))));
    ScoredRecord out = rejected.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.REJECT);
    assertThat(out.getReasons()).containsExactly("reference-agreement 0.000 < 1.000 (reject)");
    assertThat(accepted.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectWhenTheCommitteeDisagrees() {
    send(
        labeled(
            image("img-4", null),
            probabilities(ModelRole.TEACHER, peaked(3, 0.99f)),
            probabilities(ModelRole.COMMITTEE, peaked(4, 0.9f)),
            probabilities(ModelRole.COMMITTEE, peaked(5, 0.9f)),
            probabilities(ModelRole.COMMITTEE, peaked(6, 0.9f))));
    assertThat(rejected.readValue().getScores()).containsEntry("committee-vote-share", 0.25);
  }

  @Test
  void shouldDeadLetterUndecodableBytesWithTheirCoordinates() {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    labeled.pipeInput("bad-1", garbage);
    var out = dlq.readKeyValue();
    DeadLetter letter = out.value;
    assertThat(new String(out.key, StandardCharsets.UTF_8)).isEqualTo("bad-1");
    assertThat(letter.getStage()).isEqualTo("filter");
    assertThat(letter.getErrorType()).isEqualTo("undecodable-record");
    assertThat(letter.getRecordId()).isEqualTo("bad-1");
    assertThat(letter.getTopic()).isEqualTo("fmnist.labeled");
    assertThat(letter.getPartition()).isZero();
    assertThat(letter.getOffset()).isZero();
    assertThat(letter.getOriginalValue().array()).isEqualTo(garbage);
    assertThat(letter.getReason()).isNotBlank();
    assertThat(accepted.isEmpty() && rejected.isEmpty()).isTrue();
  }

  @Test
  void shouldCountDecisionsPerClassAndHistogramsInTheStatsStore() {
    send(labeled(image("a", "3"), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    send(labeled(image("b", "4"), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    labeled.pipeInput("c", new byte[] {1, 2});
    KeyValueStore<String, Long> stats = driver.getKeyValueStore(FilterTopology.STATS_STORE);
    assertThat(stats.get("records")).isEqualTo(3);
    assertThat(stats.get("decision/ACCEPT")).isEqualTo(1);
    assertThat(stats.get("decision/REJECT")).isEqualTo(1);
    assertThat(stats.get("class/3/decision/ACCEPT")).isEqualTo(1);
    assertThat(stats.get("dlq/undecodable-record")).isEqualTo(1);
    assertThat(stats.get("histogram/max-prob/" + FilterStatistics.bin(0.95f))).isEqualTo(2);
    assertThat(
            registry.get("distillery.filter.records").tag("decision", "accept").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("distillery.filter.dead.letters").counter().count()).isEqualTo(1.0);
  }

  @Test
  void shouldRejectOverCapClassOnceWarmedUp() {
    for (int i = 0; i < 200; i++) {
      send(labeled(image("c3-" + i, null), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    }
    send(labeled(image("c3-over", null), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    send(labeled(image("c7", null), probabilities(ModelRole.TEACHER, peaked(7, 0.95f))));
    assertThat(accepted.readValuesToList()).hasSize(201);
    List<ScoredRecord> out = rejected.readValuesToList();
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLabeled().getRaw().getId()).isEqualTo("c3-over");
              assertThat(r.getReasons()).anyMatch(reason -> reason.startsWith("balance: class 3"));
            });
  }
}
