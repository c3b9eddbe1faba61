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

  /** About 30 s of plain speech: 75 different words. */
  private static final String PARAGRAPH =
      """
      the river rose slowly through the night and by morning the lower fields were under water \
      farmers moved their animals to the hill while children carried blankets bread and lamps \
      nobody spoke much as the rain kept falling on roofs made of tin and old wood a radio \
      somewhere played music from another country grandmother said floods like this came once \
      in forty years yet she remembered three of them clearly and each time people helped\
      """;

  @Test
  void shouldScoreALongRecordingsRepetitionWindowByWindowAsWhisperDoes() {
    // ten minutes: twenty windows of plain speech, which as one text compresses far beyond 2.4
    String tenMinutes = String.join(" ", java.util.Collections.nCopies(20, PARAGRAPH.trim()));
    assertThat(HallucinationScorer.compressionRatio(tenMinutes)).isGreaterThan(2.4);

    var scores = new HallucinationScorer(english, 5).score(unreferenced(600, teacher(tenMinutes)));

    assertThat(scores.get("compression-ratio"))
        .isCloseTo(HallucinationScorer.compressionRatio(PARAGRAPH.trim()), within(0.2))
        .isLessThan(2.4);
    assertThat(scores.get("repeated-ngram-ratio")).isZero();

    // one window looping "thank you" is still caught
    String looping =
        tenMinutes.substring(0, tenMinutes.length() / 2)
            + " "
            + String.join(" ", java.util.Collections.nCopies(40, "thank you"))
            + " "
            + tenMinutes.substring(tenMinutes.length() / 2);
    var loopScores = new HallucinationScorer(english, 5).score(unreferenced(630, teacher(looping)));
    assertThat(loopScores.get("compression-ratio")).isGreaterThan(2.4);
    assertThat(loopScores.get("repeated-ngram-ratio")).isGreaterThan(0.2);
  }

  @Test
  void shouldGroupALongRecordingsWordsIntoWindowsByTheirTimesWhenTheTeacherGivesThem() {
    ModelOutput timed =
        ModelOutput.newBuilder(teacher("a b c d"))
            .setWords(
                List.of(
                    timedWord("a", 0), timedWord("b", 29), timedWord("c", 31), timedWord("d", 95)))
            .build();

    assertThat(HallucinationScorer.windows(timed, "a b c d", 100.0))
        .containsExactly("a b", "c", "d");
    assertThat(HallucinationScorer.windows(teacher("a b c d"), "a b c d", 100.0))
        .as("without times: equal runs, one per window")
        .containsExactly("a", "b", "c", "d");
    assertThat(HallucinationScorer.windows(timed, "a b c d", 30.0)).containsExactly("a b c d");
    assertThat(HallucinationScorer.windows(timed, "a b c d", null)).containsExactly("a b c d");
  }

  private static io.distillery.schemas.avro.WordConfidence timedWord(String word, float start) {
    return io.distillery.schemas.avro.WordConfidence.newBuilder()
        .setWord(word)
        .setConfidence(0.9f)
        .setStartSeconds(start)
        .setEndSeconds(start + 0.5f)
        .build();
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
