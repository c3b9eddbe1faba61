package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.speech;
import static io.distillery.filter.fixture.Records.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsrPolicyTopologyTest {

  @TempDir Path stateDir;

  @AutoClose private FilterDriver filter;

  @BeforeEach
  void start() {
    filter = new FilterDriver("asr-en", stateDir);
  }

  @Test
  void shouldAcceptWhenWerBelowThresholdAfterEnglishNormalisation() {
    filter.send(
        labeled(
            speech("u1", "Mr. Smith paid twenty dollars for the colour TV.", 4),
            transcript(ModelRole.TEACHER, "mister smith paid $20 for the color tv", 0.9f)));
    ScoredRecord out = filter.accepted.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.ACCEPT);
    assertThat(out.getScores()).containsEntry("reference-wer", 0.0);
  }

  @Test
  void shouldKeepSoftWhenWerBetweenThresholds() {
    filter.send(
        labeled(
            speech("u2", "one two three four five six seven eight nine ten", 4),
            transcript(ModelRole.TEACHER, "one two three four five six seven ate nine tan", 0.9f)));
    ScoredRecord out = filter.accepted.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.SOFT);
    assertThat(out.getWeight()).isEqualTo(0.5);
    assertThat(out.getScores().get("reference-wer")).isEqualTo(0.2);
  }

  @Test
  void shouldRejectWhenWerAboveThreshold() {
    filter.send(
        labeled(
            speech("u3", "the weather is nice today", 2),
            transcript(ModelRole.TEACHER, "whether it's ice to day", 0.9f)));
    ScoredRecord out = filter.rejected.readValue();
    assertThat(out.getDecision()).isEqualTo(Decision.REJECT);
    assertThat(out.getReasons()).anyMatch(r -> r.startsWith("reference-wer"));
  }

  @Test
  void shouldRejectAllCapsAndLoopingTranscriptsWithoutReference() {
    filter.send(labeled(speech("u4", null, 2), transcript(ModelRole.TEACHER, "HELLO THERE", 0.9f)));
    String loop = "thank you so much ".repeat(10);
    filter.send(labeled(speech("u5", null, 20), transcript(ModelRole.TEACHER, loop, 0.9f)));
    var out = filter.rejected.readValuesToList();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).getReasons()).anyMatch(r -> r.startsWith("teacher-all-caps"));
    assertThat(out.get(1).getReasons())
        .anyMatch(r -> r.startsWith("repeated-ngram-ratio"))
        .anyMatch(r -> r.startsWith("compression-ratio"));
  }

  @Test
  void shouldJudgeUnreferencedSpeechByProxyAgreement() {
    filter.send(
        labeled(
            speech("u6", null, 3),
            transcript(ModelRole.TEACHER, "please call stella", 0.9f),
            transcript(ModelRole.PROXY, "please call stella", 0.6f)));
    filter.send(
        labeled(
            speech("u7", null, 3),
            transcript(ModelRole.TEACHER, "please call stella", 0.9f),
            transcript(ModelRole.PROXY, "peas all bella now", 0.6f)));
    assertThat(filter.accepted.readValue().getLabeled().getRaw().getId()).isEqualTo("u6");
    ScoredRecord out = filter.rejected.readValue();
    assertThat(out.getLabeled().getRaw().getId()).isEqualTo("u7");
    assertThat(out.getReasons()).anyMatch(r -> r.startsWith("proxy-wer"));
  }
}
