package io.distillery.filter.scoring;

import static io.distillery.filter.fixture.Records.image;
import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.peaked;
import static io.distillery.filter.fixture.Records.probabilities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distillery.asrmetrics.text.ScliteNormalizer;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassificationScorerTest {

  private final ClassificationScorer scorer = new ClassificationScorer(List.of("cat", "dog"));

  @Test
  void shouldReportMaxProbabilityMarginAndEntropy() {
    var scores =
        scorer.score(labeled(image("a", "1"), probabilities(ModelRole.TEACHER, 0.2f, 0.8f)));
    assertThat(scores.get("max-prob")).isCloseTo(0.8, within(1e-6));
    assertThat(scores.get("margin")).isCloseTo(0.6, within(1e-6));
    double entropy = -(0.2 * Math.log(0.2) + 0.8 * Math.log(0.8));
    assertThat(scores.get("entropy")).isCloseTo(entropy, within(1e-6));
    assertThat(scores.get("normalized-entropy")).isCloseTo(entropy / Math.log(2), within(1e-6));
    assertThat(scores)
        .containsEntry("predicted-class", 1.0)
        .containsEntry("reference-agreement", 1.0);
  }

  @Test
  void shouldReadReferenceAsClassNameOrIndex() {
    var byName =
        scorer.score(labeled(image("a", "Cat"), probabilities(ModelRole.TEACHER, 0.2f, 0.8f)));
    assertThat(byName).containsEntry("reference-agreement", 0.0);
    var none = scoreUnreferenced(scorer, probabilities(ModelRole.TEACHER, 0.2f, 0.8f));
    assertThat(none).doesNotContainKey("reference-agreement");
  }

  @Test
  void shouldCountCommitteeVotesForTheTeachersClass() {
    var scores =
        scoreUnreferenced(
            new CommitteeScorer(new ScliteNormalizer()),
            probabilities(ModelRole.TEACHER, peaked(3, 0.9f)),
            probabilities(ModelRole.COMMITTEE, peaked(3, 0.6f)),
            probabilities(ModelRole.COMMITTEE, peaked(4, 0.7f)),
            probabilities(ModelRole.COMMITTEE, peaked(3, 0.5f)));
    assertThat(scores)
        .containsEntry("committee-vote-share", 0.75)
        .doesNotContainKey("committee-mean-pairwise-wer");
  }

  @Test
  void shouldCompareTeacherAndStudentDistributions() {
    var scores =
        scoreUnreferenced(
            new StudentAgreementScorer(new ScliteNormalizer()),
            probabilities(ModelRole.TEACHER, 0.5f, 0.5f),
            probabilities(ModelRole.STUDENT, 0.25f, 0.75f));
    double kl = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
    assertThat(scores.get("student-kl")).isCloseTo(kl, within(1e-6));
    assertThat(scores).containsEntry("student-agreement", 0.0);
    assertThat(scores.get("combined-confidence"))
        .as("mean of both probabilities of the teacher's class 0")
        .isCloseTo((0.5 + 0.25) / 2, within(1e-6));
  }

  @Test
  void shouldCombineTeacherAndStudentOnTheTeachersClassOnlyOnceTheStudentAnswers() {
    StudentAgreementScorer scorer = new StudentAgreementScorer(new ScliteNormalizer());
    ModelOutput teacher = probabilities(ModelRole.TEACHER, 0.1f, 0.6f, 0.3f);
    Float[][] students = {{0.1f, 0.1f, 0.8f}, {0.05f, 0.9f, 0.05f}};
    double[] combined = {0.35, 0.75}; // disputed, supported
    for (int i = 0; i < students.length; i++) {
      var scores =
          scoreUnreferenced(scorer, teacher, probabilities(ModelRole.STUDENT, students[i]));
      assertThat(scores.get("combined-confidence")).isCloseTo(combined[i], within(1e-6));
    }
    var noStudentYet = scoreUnreferenced(scorer, teacher);
    assertThat(noStudentYet)
        .doesNotContainKeys("combined-confidence", "student-agreement", "student-kl");
  }

  /** What {@code scorer} makes of an image without a reference, labeled with {@code outputs}. */
  private static Map<String, Double> scoreUnreferenced(Scorer scorer, ModelOutput... outputs) {
    return scorer.score(labeled(image("a", null), outputs));
  }
}
