package io.distillery.lab.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.lab.speech.TeacherWer;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.monitor.model.VersionView;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.testkit.records.Records;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoResultsTest {

  private static final ImageTeacher.Outcome TEACHER =
      new ImageTeacher.Outcome(1, false, 0.92, 250, 1_000_000);

  private static VersionView version(long v, long samples, double wer) {
    return new VersionView(v, "PUBLISHED", v * 25, samples, Map.of("wer", wer), 0);
  }

  @Test
  void imageResultComparesWithTheTeacherOnBothGoals() {
    String met =
        DemoResults.image(
            "fmnist", new ImageTeacher.Evaluation(0.91, 60_000), 7, "fmnist-student", TEACHER);
    assertThat(met).contains("98.9% of the teacher (goal ≥ 98%: met)").contains("6.0%");
    assertThat(met).contains("(goal ≤ 10%: met)");

    String missed =
        DemoResults.image(
            "fmnist", new ImageTeacher.Evaluation(0.85, 200_000), 3, "fmnist-student", TEACHER);
    assertThat(missed).contains("92.4% of the teacher (goal ≥ 98%: not met)");
    assertThat(missed).contains("20.0% of the teacher's 1,000,000 (goal ≤ 10%: not met)");
  }

  @Test
  void imageResultWithoutAVersionSaysSo() {
    assertThat(DemoResults.image("fmnist", null, 0, null, TEACHER))
        .contains("no student version was published");
  }

  @Test
  void speechResultReadsTheCurveInStepOrder() {
    String fell =
        DemoResults.speech(
            "asr-en",
            List.of(version(3, 600, 0.71), version(1, 200, 1.0), version(2, 400, 0.8)),
            null);
    assertThat(fell)
        .contains(
            "WER fell from 100.0% (v1: step 25, 200 samples) to 71.0% (v3: step 75, 600 samples)");
    assertThat(fell).contains("over 3 published versions");

    // Steps on the replay reservoir alone move the curve while the samples trained stand still.
    String replayed =
        DemoResults.speech(
            "asr-en",
            List.of(version(4, 87, 0.84), version(2, 87, 0.97), version(1, 60, 1.0)),
            null);
    assertThat(replayed).contains("to 84.0% (v4: step 100, 87 samples) over 3 published versions");

    assertThat(
            DemoResults.speech(
                "asr-en", List.of(version(1, 200, 0.9), version(2, 400, 0.91)), null))
        .contains("did not fall");
  }

  @Test
  void speechResultNeedsTwoVersions() {
    assertThat(DemoResults.speech("asr-en", List.of(version(1, 200, 0.9)), null))
        .contains("one student version published, so no WER curve");
  }

  @Test
  void speechResultNamesTheTeachersWerWhenKnown() {
    String line =
        DemoResults.speech(
            "asr-en",
            List.of(version(1, 60, 1.0), version(2, 87, 0.84)),
            new TeacherWer(new EditCounts(713, 287, 0, 0), 200));

    assertThat(line)
        .endsWith(
            "over 2 published versions. The teacher's WER on the 200 streamed utterances with a"
                + " reference: 28.7%.");
  }

  @Test
  void teacherWerIsCorpusWideOverNormalisedTextAndCountsAMissingTranscriptAsEmpty() {
    List<LabeledRecord> labeled =
        List.of(
            // Case and punctuation do not count: 0 edits of 4 words.
            labeled(
                "a",
                "The cat sat down.",
                Records.transcript(ModelRole.TEACHER, "the CAT sat down")),
            // One substitution in 2 words; the proxy's transcript is not the teacher's.
            labeled(
                "b",
                "hello world",
                Records.transcript(ModelRole.PROXY, "hello world"),
                Records.transcript(ModelRole.TEACHER, "yellow world")),
            // An empty answer is every reference word deleted: 4 edits of 4 words.
            labeled("c", "one two three four", Records.transcript(ModelRole.TEACHER, "")),
            labeled(
                "d", null, Records.transcript(ModelRole.TEACHER, "no reference to compare with")),
            // No teacher transcript at all: all 6 reference words deleted, as for "c".
            labeled(
                "e", "a teacher that did not answer", Records.transcript(ModelRole.PROXY, "x")));

    TeacherWer wer = DemoResults.teacherWer(labeled);

    assertThat(wer.utterances()).isEqualTo(4);
    assertThat(wer.wordErrorRate()).isEqualTo(11.0 / 16);
    assertThat(DemoResults.teacherWer(List.of(labeled.get(3)))).isNull();
  }

  @Test
  void studentAgreementCountsTheLabelsTheServedStudentAnsweredAndHowCloseItWas() {
    var scorer = studentScorer("fmnist");
    RawRecord image = Records.image("fmnist", "i", new byte[] {1}).build();
    ModelOutput teacher = Records.probabilities(ModelRole.TEACHER, List.of(0.8f, 0.2f));
    List<LabeledRecord> labeled =
        List.of(
            Records.labeled(image, List.of(teacher)).build(),
            Records.labeled(image, List.of(teacher, student("1", 0.6f, 0.4f))).build(),
            Records.labeled(image, List.of(teacher, student("3", 0.4f, 0.6f))).build());
    assertThat(DemoResults.studentAgreement("fmnist", false, scorer, labeled))
        .contains("2 of 3 labels carry the served student's answer (versions 1–3;")
        .contains("teacher's class in 50.0% of them, mean combined confidence 0.650.");
    assertThat(DemoResults.studentAgreement("fmnist", false, scorer, labeled.subList(0, 1)))
        .contains("none of 1 labels carries a student answer");

    var speechScorer = studentScorer("asr-en");
    List<LabeledRecord> speech =
        List.of(
            labeled(
                "a",
                null,
                Records.transcript(ModelRole.TEACHER, "the cat sat down"),
                Records.output(ModelRole.STUDENT)
                    .setModelVersion("2")
                    .setTranscript("the cat sad down")
                    .build()));
    assertThat(DemoResults.studentAgreement("asr-en", true, speechScorer, speech))
        .contains("1 of 1 labels carry the served student's answer (version 2;")
        .contains("25.0% WER from the teacher's");
  }

  /** The filter's student scorer with the normaliser of {@code task}'s built-in policy. */
  private static io.distillery.filter.scoring.Scorer studentScorer(String task) {
    return new io.distillery.filter.scoring.StudentAgreementScorer(
        io.distillery.asrmetrics.text.TextNormalizer.named(
            io.distillery.filter.policy.PolicyLoader.builtIn(task).normalizer()));
  }

  private static ModelOutput student(String version, float... p) {
    List<Float> probabilities = new java.util.ArrayList<>();
    for (float v : p) {
      probabilities.add(v);
    }
    return Records.output(ModelRole.STUDENT)
        .setModelVersion(version)
        .setProbabilities(probabilities)
        .build();
  }

  private static LabeledRecord labeled(String id, String reference, ModelOutput... outputs) {
    RawRecord raw = Records.speech("asr-en", id, new byte[] {1}).setReference(reference).build();
    return Records.labeled(raw, List.of(outputs)).build();
  }
}
