package io.distillery.lab.demo;

import io.distillery.filter.scoring.Scorer;
import io.distillery.lab.speech.TeacherWer;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.monitor.model.VersionView;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.trainer.data.CharacterVocabulary;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's headline results, one sentence per task, from the run's own figures. */
final class DemoResults {

  /** The share of the teacher's test accuracy the student must reach (issue goal). */
  static final double ACCURACY_GOAL = 0.98;

  /** The largest student, as a share of the teacher's parameters. */
  static final double PARAMETER_GOAL = 0.10;

  private DemoResults() {}

  /**
   * The image student's serving version against the teacher, both on the whole test split.
   *
   * @param student the student's evaluation, or null when no version was published
   */
  static String image(
      String task,
      ImageTeacher.Evaluation student,
      long version,
      String studentModel,
      ImageTeacher.Outcome teacher) {
    if (student == null) {
      return task + ": no student version was published (too few samples for an evaluation).";
    }
    if (teacher == null) {
      return String.format(
          Locale.ROOT,
          "%s: %s v%d test accuracy %.4f, %,d parameters (no teacher figure to compare).",
          task,
          studentModel,
          version,
          student.accuracy(),
          student.parameters());
    }
    double share = student.accuracy() / teacher.testAccuracy();
    double size = (double) student.parameters() / teacher.parameters();
    return String.format(
        Locale.ROOT,
        "%s: %s v%d test accuracy %.4f on the whole test split vs the teacher's %.4f = %.1f%% of"
            + " the teacher (goal ≥ %.0f%%: %s); %,d parameters = %.1f%% of the teacher's %,d"
            + " (goal ≤ %.0f%%: %s).",
        task,
        studentModel,
        version,
        student.accuracy(),
        teacher.testAccuracy(),
        100 * share,
        100 * ACCURACY_GOAL,
        share >= ACCURACY_GOAL ? "met" : "not met",
        student.parameters(),
        100 * size,
        teacher.parameters(),
        100 * PARAMETER_GOAL,
        size <= PARAMETER_GOAL ? "met" : "not met");
  }

  /**
   * The speech student's held-out WER from its first published version to its last. Versions are
   * published only when not worse than the best one so far by more than the trainer's tolerance, so
   * the figures are those of the versions the server loaded.
   */
  static String speech(String task, List<VersionView> versions, TeacherWer teacher) {
    List<VersionView> curve =
        versions.stream()
            .filter(v -> v.metrics().containsKey("wer"))
            .sorted(Comparator.comparingLong(VersionView::step).thenComparing(VersionView::version))
            .toList();
    if (curve.size() < 2) {
      return task
          + ": "
          + (curve.isEmpty() ? "no" : "one")
          + " student version published, so no WER curve (more utterances give more"
          + " evaluations).";
    }
    VersionView first = curve.get(0);
    VersionView last = curve.get(curve.size() - 1);
    double from = first.metrics().get("wer");
    double to = last.metrics().get("wer");
    String against =
        teacher == null
            ? ""
            : String.format(
                Locale.ROOT,
                " The teacher's WER on the %,d streamed utterances with a reference: %.1f%%.",
                teacher.utterances(),
                100 * teacher.wordErrorRate());
    return String.format(
        Locale.ROOT,
        "%s: held-out WER %s from %.1f%% (v%d: step %,d, %,d samples) to %.1f%% (v%d: step %,d,"
            + " %,d samples) over %d published versions.%s",
        task,
        to < from ? "fell" : "did not fall",
        100 * from,
        first.version(),
        first.step(),
        first.samplesSeen(),
        100 * to,
        last.version(),
        last.step(),
        last.samplesSeen(),
        curve.size(),
        against);
  }

  /**
   * The teacher's corpus WER over the labeled records that carry a reference, with teacher
   * transcripts and references normalised to the student's vocabulary, as its held-out references
   * are: the line the student's curve is read against. Null when no record has a reference.
   */
  static TeacherWer teacherWer(List<LabeledRecord> labeled) {
    return TeacherWer.of(labeled, CharacterVocabulary.NORMALIZER);
  }

  /**
   * KD3 as the run saw it: how many labels carry the served student's answer (the labeler asks the
   * student from its first published version on), which versions answered, and how close it was to
   * the teacher by the filter's own student scores.
   *
   * @param student the filter's student scorer, with the task policy's normaliser
   */
  static String studentAgreement(
      String task, boolean speech, Scorer student, List<LabeledRecord> labeled) {
    long asked = 0;
    long lowest = Long.MAX_VALUE;
    long highest = 0;
    double agreement = 0;
    double combined = 0;
    double wer = 0;
    for (LabeledRecord record : labeled) {
      var answer =
          record.getOutputs().stream().filter(o -> o.getRole() == ModelRole.STUDENT).findFirst();
      if (answer.isEmpty()) {
        continue;
      }
      asked++;
      long version = Long.parseLong(answer.get().getModelVersion());
      lowest = Math.min(lowest, version);
      highest = Math.max(highest, version);
      Map<String, Double> scores = student.score(record);
      agreement += scores.getOrDefault("student-agreement", 0.0);
      combined += scores.getOrDefault("combined-confidence", 0.0);
      wer += scores.getOrDefault("student-wer", 0.0);
    }
    String head =
        String.format(Locale.ROOT, "%s KD3 (the live student beside the teacher): ", task);
    if (asked == 0) {
      return head
          + String.format(
              Locale.ROOT,
              "none of %,d labels carries a student answer: all were labeled before its first"
                  + " version was served.",
              labeled.size());
    }
    String versions =
        lowest == highest ? "version " + lowest : "versions " + lowest + "–" + highest;
    String carried =
        String.format(
            Locale.ROOT,
            "%,d of %,d labels carry the served student's answer (%s; the others were labeled"
                + " before its first version was served, or it failed); ",
            asked,
            labeled.size(),
            versions);
    return head
        + carried
        + (speech
            ? String.format(
                Locale.ROOT,
                "its transcripts are %.1f%% WER from the teacher's on average (student-wer).",
                100 * wer / asked)
            : String.format(
                Locale.ROOT,
                "it picks the teacher's class in %.1f%% of them, mean combined confidence %.3f.",
                100 * agreement / asked,
                combined / asked));
  }
}
