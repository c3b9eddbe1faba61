package io.distillery.filter.scoring;

import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.speech;
import static io.distillery.filter.fixture.Records.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distillery.asrmetrics.text.EnglishNormalizer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeechScorersTest {

  private final EnglishNormalizer english = new EnglishNormalizer();

  @Test
  void shouldScoreReferenceWerAfterNormalising() {
    LabeledRecord r =
        labeled(speech("a", "Twenty-one colours, please!", 2), teacher("twenty one colors please"));
    assertThat(new ReferenceWerScorer(english).score(r))
        .containsEntry("reference-wer", 0.0)
        .containsEntry("reference-empty", 0.0)
        .containsEntry("teacher-all-caps", 0.0);
  }

  @Test
  void shouldLeaveReferenceWerOutWhenReferenceIsMissing() {
    LabeledRecord r = unreferenced(2, teacher("HELLO THERE"));
    assertThat(new ReferenceWerScorer(english).score(r))
        .doesNotContainKey("reference-wer")
        .containsEntry("reference-empty", 1.0)
        .containsEntry("teacher-all-caps", 1.0);
  }

  @Test
  void shouldMeasureTeacherAgainstProxyTranscript() {
    LabeledRecord r =
        unreferenced(
            2,
            teacher("the cat sat on the mat"),
            transcript(ModelRole.PROXY, "the cat sat on a mat", 0.5f));
    assertThat(new ProxyAgreementScorer(english).score(r).get("proxy-wer"))
        .isCloseTo(1.0 / 6, within(1e-9));
  }

  @Test
  void shouldReportMeanAndMinimumConfidence() {
    LabeledRecord r = unreferenced(2, transcript(ModelRole.TEACHER, "one two", 0.5f));
    assertThat(new ConfidenceScorer().score(r))
        .containsEntry("confidence-mean", 0.5)
        .containsEntry("confidence-min", 0.5)
        .containsEntry("avg-logprob", -0.3);
  }

  @Test
  void shouldFlagLoopingTranscripts() {
    String loop = "thank you for watching ".repeat(8);
    LabeledRecord r = unreferenced(2, teacher(loop));
    var scores = new HallucinationScorer(english, 3).score(r);
    assertThat(scores.get("repeated-ngram-ratio")).isGreaterThan(0.8);
    assertThat(scores.get("compression-ratio")).isGreaterThan(2.4);
    assertThat(scores.get("words-per-second")).isEqualTo(16.0);
    assertThat(scores.get("empty-output")).isZero();
  }

  @Test
  void shouldNotFlagOrdinarySpeech() {
    LabeledRecord r = unreferenced(3, teacher("the quick brown fox jumps over the lazy dog"));
    var scores = new HallucinationScorer(english, 3).score(r);
    assertThat(scores.get("repeated-ngram-ratio")).isZero();
    assertThat(scores.get("compression-ratio")).isLessThan(2.0);
    assertThat(scores.get("words-per-second")).isEqualTo(3.0);
  }

  @Test
  void shouldFlagEmptyOutput() {
    LabeledRecord r = unreferenced(2, teacher(""));
    assertThat(new HallucinationScorer(english, 5).score(r)).containsEntry("empty-output", 1.0);
  }

  @Test
  void shouldMeasureCommitteeVotesAndPairwiseWer() {
    LabeledRecord r =
        unreferenced(
            2,
            teacher("a b c d"),
            transcript(ModelRole.COMMITTEE, "a b c d", 0.9f),
            transcript(ModelRole.COMMITTEE, "a b x d", 0.9f),
            transcript(ModelRole.PROXY, "nothing alike", 0.9f));
    var scores = new CommitteeScorer(english).score(r);
    assertThat(scores.get("committee-size")).isEqualTo(3.0);
    assertThat(scores.get("committee-vote-share")).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(scores.get("committee-mean-pairwise-wer")).isCloseTo(0.5 / 3, within(1e-9));
  }

  @Test
  void shouldMeasureStudentAgainstTeacher() {
    LabeledRecord r =
        unreferenced(2, teacher("a b c d"), transcript(ModelRole.STUDENT, "a b c", 0.9f));
    assertThat(new StudentAgreementScorer(english).score(r)).containsEntry("student-wer", 0.25);
  }

  @Test
  void shouldCountRepeatedNgramsExactly() {
    assertThat(HallucinationScorer.repeatedNgramRatio(List.of("a", "b", "a", "b"), 2))
        .isCloseTo(1.0 / 3, within(1e-9));
  }

  /** A {@code seconds} long utterance without a reference, labeled with {@code outputs}. */
  private static LabeledRecord unreferenced(double seconds, ModelOutput... outputs) {
    return labeled(speech("a", null, seconds), outputs);
  }

  /** The teacher's transcript, each word of confidence 0.9. */
  private static ModelOutput teacher(String transcript) {
    return transcript(ModelRole.TEACHER, transcript, 0.9f);
  }
}
