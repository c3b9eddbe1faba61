package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.image;
import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.peaked;
import static io.distillery.filter.fixture.Records.probabilities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.micrometer.core.instrument.DistributionSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterTopologyTest {

  @TempDir Path stateDir;

  @AutoClose private FilterDriver filter;
  private TestOutputTopic<byte[], DeadLetter> dlq;

  @BeforeEach
  void start() {
    filter = new FilterDriver("fmnist", stateDir);
    dlq = filter.deadLetters();
  }

  @Test
  void shouldAcceptConfidentTeacherThatMatchesTheReference() {
    filter.send(labeled(image("img-1", "3"), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    var out = filter.accepted.readKeyValue();
    assertThat(out.key).isEqualTo("img-1");
    assertThat(out.value.getDecision()).isEqualTo(Decision.ACCEPT);
    assertThat(out.value.getWeight()).isEqualTo(1.0);
    assertThat(out.value.getPolicy()).isEqualTo("fmnist-default");
    assertThat(out.value.getScores()).containsKeys("max-prob", "margin", "entropy");
    assertThat(filter.rejected.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepUncertainTeacherAsSoftTargetWithWeight() {
    filter.send(labeled(image("img-2", null), probabilities(ModelRole.TEACHER, peaked(5, 0.6f))));
    ScoredRecord out = filter.accepted.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.SOFT);
    assertThat(out.getWeight()).isEqualTo(0.5);
    assertThat(out.getSoftTargetOnly()).isTrue();
    assertThat(out.getReasons()).anyMatch(r -> r.startsWith("max-prob"));
  }

  @Test
  void shouldRejectTeacherThatContradictsTheReference() {
    filter.send(labeled(image("img-3", "4"), probabilities(ModelRole.TEACHER, peaked(3, 0.99f))));
    ScoredRecord out = filter.rejected.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.REJECT);
    assertThat(out.getReasons()).containsExactly("reference-agreement 0.000 < 1.000 (reject)");
    assertThat(filter.accepted.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectWhenTheCommitteeDisagrees() {
    filter.send(
        labeled(
            image("img-4", null),
            probabilities(ModelRole.TEACHER, peaked(3, 0.99f)),
            probabilities(ModelRole.COMMITTEE, peaked(4, 0.9f)),
            probabilities(ModelRole.COMMITTEE, peaked(5, 0.9f)),
            probabilities(ModelRole.COMMITTEE, peaked(6, 0.9f))));
    assertThat(filter.rejected.readValue().getScores()).containsEntry("committee-vote-share", 0.25);
  }

  @Test
  void shouldDeadLetterUndecodableBytesWithTheirCoordinates() {
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    filter.labeled.pipeInput("bad-1", garbage);
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
    assertThat(filter.accepted.isEmpty() && filter.rejected.isEmpty()).isTrue();
  }

  @Test
  void shouldMeterDecisionsDeadLettersAndScores() {
    filter.send(labeled(image("a", "3"), probabilities(ModelRole.TEACHER, peaked(3, 0.93f))));
    filter.send(labeled(image("b", "4"), probabilities(ModelRole.TEACHER, peaked(3, 0.93f))));
    filter.labeled.pipeInput("c", new byte[] {1, 2});
    assertThat(decisions("accept")).isEqualTo(1.0);
    assertThat(decisions("reject")).isEqualTo(1.0);
    assertThat(
            filter
                .registry
                .get("distillery.filter.dead.letters")
                .tag("error", "undecodable-record")
                .counter()
                .count())
        .isEqualTo(1.0);
    DistributionSummary maxProb =
        filter.registry.get("distillery.filter.score").tag("score", "max-prob").summary();
    assertThat(maxProb.count()).isEqualTo(2);
    assertThat(maxProb.max()).isCloseTo(0.93, within(1e-6));
    assertThat(maxProb.totalAmount()).isCloseTo(1.86, within(1e-6));
  }

  private double decisions(String decision) {
    return filter
        .registry
        .get("distillery.filter.records")
        .tag("decision", decision)
        .counter()
        .count();
  }

  @Test
  void shouldKeepTheBalanceTotalForEarlierVersionsOfTheFilter() {
    for (int i = 0; i < 3; i++) {
      filter.send(
          labeled(image("c3-" + i, null), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    }
    filter.send(labeled(image("c7", null), probabilities(ModelRole.TEACHER, peaked(7, 0.95f))));
    KeyValueStore<String, Long> balance =
        filter.driver.getKeyValueStore(FilterTopology.BALANCE_STORE);
    assertThat(balance.get("class/3")).isEqualTo(3);
    assertThat(balance.get("class/7")).isEqualTo(1);

    filter.driver.advanceWallClockTime(Duration.ofSeconds(1));

    assertThat(balance.get("__total__")).isEqualTo(4);
  }

  @Test
  void shouldRejectOverCapClassOnceWarmedUp() {
    for (int i = 0; i < 200; i++) {
      filter.send(
          labeled(image("c3-" + i, null), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    }
    filter.send(
        labeled(image("c3-over", null), probabilities(ModelRole.TEACHER, peaked(3, 0.95f))));
    filter.send(labeled(image("c7", null), probabilities(ModelRole.TEACHER, peaked(7, 0.95f))));
    assertThat(filter.accepted.readValuesToList()).hasSize(201);
    List<ScoredRecord> out = filter.rejected.readValuesToList();
    assertThat(out)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLabeled().getRaw().getId()).isEqualTo("c3-over");
              assertThat(r.getReasons()).anyMatch(reason -> reason.startsWith("balance: class 3"));
            });
  }
}
