package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.WordAligner;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import java.util.Map;

/**
 * Agreement between the teacher and the live student (KD3), when the labeler also asked the
 * student: records the student already gets right teach it little, and strong disagreement flags
 * either a hard sample or a wrong label.
 *
 * <p>Scores: for classification {@code student-agreement} (1 when the argmax classes are equal),
 * {@code student-kl} (KL divergence of the student's distribution from the teacher's, in nats;
 * terms where the student gives 0 are floored at 1e-9) and {@code combined-confidence} (the mean of
 * the teacher's and the student's probability of the teacher's class: KD³'s selection by the
 * combined predictions of both, high when the student supports the label or the teacher is sure of
 * it); for speech {@code student-wer} (the student's transcript against the teacher's as
 * reference). A record labeled before the student was served has none of them.
 */
public final class StudentAgreementScorer extends TranscriptScorer {

  /** Name in policy files. */
  public static final String NAME = "student";

  private static final double FLOOR = 1e-9;

  /** A scorer normalising transcripts with {@code normalizer}. */
  public StudentAgreementScorer(TextNormalizer normalizer) {
    super(NAME, normalizer);
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    List<ModelOutput> students = Outputs.withRole(record, ModelRole.STUDENT);
    if (students.isEmpty()) {
      return;
    }
    ModelOutput student = students.get(0);
    List<Float> p = teacher.getProbabilities();
    List<Float> q = student.getProbabilities();
    if (!p.isEmpty() && p.size() == q.size()) {
      double kl = 0;
      for (int i = 0; i < p.size(); i++) {
        if (p.get(i) > 0) {
          kl += p.get(i) * Math.log(p.get(i) / Math.max(FLOOR, q.get(i)));
        }
      }
      int label = Outputs.argmax(p);
      scores.put("student-agreement", label == Outputs.argmax(q) ? 1.0 : 0.0);
      scores.put("student-kl", kl);
      scores.put("combined-confidence", (p.get(label) + q.get(label)) / 2.0);
    } else if (p.isEmpty() && q.isEmpty()) {
      List<String> ref = words(Outputs.transcript(teacher));
      List<String> hyp = words(Outputs.transcript(student));
      scores.put("student-wer", WordAligner.align(ref, hyp).wer());
    }
  }
}
