package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.WordConfidence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The teacher's own confidence in its transcript.
 *
 * <p>Scores: {@code confidence-mean} and {@code confidence-min} (word posteriors, 0..1; only when
 * the teacher gave word confidences) and {@code avg-logprob} (the teacher's average log-probability
 * per token, where it reports one).
 */
public final class ConfidenceScorer implements Scorer {

  /** Name in policy files. */
  public static final String NAME = "confidence";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Double> score(LabeledRecord record) {
    Map<String, Double> scores = new LinkedHashMap<>();
    Optional<ModelOutput> teacher = Outputs.teacher(record);
    if (teacher.isEmpty()) {
      return scores;
    }
    if (!teacher.get().getWords().isEmpty()) {
      double sum = 0;
      double min = Double.MAX_VALUE;
      for (WordConfidence word : teacher.get().getWords()) {
        sum += word.getConfidence();
        min = Math.min(min, word.getConfidence());
      }
      scores.put("confidence-mean", sum / teacher.get().getWords().size());
      scores.put("confidence-min", min);
    }
    if (teacher.get().getAverageLogProb() != null) {
      scores.put("avg-logprob", teacher.get().getAverageLogProb());
    }
    return scores;
  }
}
