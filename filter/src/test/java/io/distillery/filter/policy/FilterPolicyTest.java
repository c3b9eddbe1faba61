package io.distillery.filter.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.avro.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterPolicyTest {

  private final FilterPolicy asr = PolicyLoader.builtIn("asr-en");

  @TempDir Path dir;

  @Test
  void shouldAcceptWhenWerAtOrBelowThreshold() {
    Verdict v = asr.decide(Map.of("reference-wer", 0.10));
    assertThat(v.decision()).isEqualTo(Decision.ACCEPT);
    assertThat(v.weight()).isEqualTo(1.0);
    assertThat(v.reasons()).isEmpty();
  }

  @Test
  void shouldRejectWhenWerAboveThreshold() {
    Verdict v = asr.decide(Map.of("reference-wer", 0.45));
    assertThat(v.decision()).isEqualTo(Decision.REJECT);
    assertThat(v.weight()).isZero();
    assertThat(v.reasons()).singleElement().asString().startsWith("reference-wer 0.45");
  }

  @Test
  void shouldKeepSoftWithWeightBetweenThresholds() {
    Verdict v = asr.decide(Map.of("reference-wer", 0.2, "confidence-mean", 0.9));
    assertThat(v.decision()).isEqualTo(Decision.SOFT);
    assertThat(v.weight()).isEqualTo(0.5);
  }

  @Test
  void shouldTakeTheWorstOutcomeAndKeepEveryReason() {
    Verdict v = asr.decide(Map.of("reference-wer", 0.2, "empty-output", 1.0));
    assertThat(v.decision()).isEqualTo(Decision.REJECT);
    assertThat(v.reasons()).hasSize(2);
  }

  @Test
  void shouldRejectMissingScoreWhenRuleSaysSo() throws Exception {
    Path file =
        policyFile(
            """
        {"name": "strict", "task": "asr-en", "scorers": ["reference-wer"],
         "rules": [{"score": "reference-wer", "acceptAtMost": 0.1, "ifMissing": "reject"}]}
        """);
    Verdict v = PolicyLoader.load(file).decide(Map.of());
    assertThat(v.decision()).isEqualTo(Decision.REJECT);
    assertThat(v.reasons()).containsExactly("reference-wer missing");
  }

  @Test
  void shouldRefuseInvalidPolicyWithAMessageSayingWhatToFix() throws Exception {
    Path file =
        policyFile(
            """
        {"name": "bad", "task": "t", "scorers": ["reference-wer"],
         "rules": [{"score": "x", "acceptAtMost": 0.1, "acceptAtLeast": 0.2}]}
        """);
    assertThatThrownBy(() -> PolicyLoader.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one of acceptAtMost or acceptAtLeast");
    Files.writeString(file, "{\"name\": \"bad\", \"task\": \"t\", \"scorers\": [\"magic\"]}");
    assertThatThrownBy(() -> PolicyLoader.load(file))
        .hasMessageContaining("unknown scorer 'magic'");
    assertThatThrownBy(() -> PolicyLoader.builtIn("nope")).hasMessageContaining("fmnist");
  }

  @Test
  void shouldCapAClassOnlyAfterTheWarmUp() {
    BalanceSettings cap = new BalanceSettings("predicted-class", 0.25, 100);
    assertThat(cap.overCap(90, 99)).isFalse();
    assertThat(cap.overCap(30, 100)).isTrue();
    assertThat(cap.overCap(20, 100)).isFalse();
  }

  /** {@code json} written to a policy file. */
  private Path policyFile(String json) throws IOException {
    return Files.writeString(dir.resolve("policy.json"), json);
  }

  @Test
  void shouldLetLabelsWithoutAStudentAnswerThroughTheShippedKd3PoliciesAndJudgeTheOthers() {
    FilterPolicy images = PolicyLoader.load(Path.of("policies", "fmnist-kd3.json"));
    Map<String, Double> sure = Map.of("max-prob", 0.95, "margin", 0.9);
    assertThat(images.decide(sure).decision())
        .as("labeled before the student was served")
        .isEqualTo(Decision.ACCEPT);
    var supported = new java.util.HashMap<>(sure);
    supported.put("combined-confidence", 0.8);
    assertThat(images.decide(supported).decision()).isEqualTo(Decision.ACCEPT);
    var disputed = new java.util.HashMap<>(sure);
    disputed.put("combined-confidence", 0.2);
    assertThat(images.decide(disputed).decision()).isEqualTo(Decision.REJECT);

    FilterPolicy speech = PolicyLoader.load(Path.of("policies", "asr-en-kd3.json"));
    Map<String, Double> clean = Map.of("proxy-wer", 0.0, "confidence-mean", 0.9);
    assertThat(speech.decide(clean).decision()).isEqualTo(Decision.ACCEPT);
    var far = new java.util.HashMap<>(clean);
    far.put("student-wer", 0.9);
    assertThat(speech.decide(far).decision())
        .as("a student far from the teacher makes the label soft, not lost")
        .isEqualTo(Decision.SOFT);
  }
}
