package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.WordConfidence;
import java.util.Map;

/**
 * The teacher's own confidence in its transcript.
 *
 * <p>Scores: {@code confidence-mean} and {@code confidence-min} (word posteriors, 0..1; only when
 * the teacher gave word confidences) and {@code avg-logprob} (the teacher's average log-probability
 * per token, where it reports one).
 */
public final class ConfidenceScorer extends TeacherScorer {

  /** Name in policy files. */
  public static final String NAME = "confidence";

  /** The scorer. */
  public ConfidenceScorer() {
    super(NAME);
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    if (!teacher.getWords().isEmpty()) {
      double sum = 0;
      double min = Double.MAX_VALUE;
      for (WordConfidence word : teacher.getWords()) {
        sum += word.getConfidence();
        min = Math.min(min, word.getConfidence());
      }
      scores.put("confidence-mean", sum / teacher.getWords().size());
      scores.put("confidence-min", min);
    }
    if (teacher.getAverageLogProb() != null) {
      scores.put("avg-logprob", teacher.getAverageLogProb());
    }
  }
}
