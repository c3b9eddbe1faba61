package io.distillery.filter.policy;

import io.distillery.filter.scoring.Scorer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Scores a labeled record with a policy's scorers and decides on it: the pure core of the filter
 * stage, without Kafka. Thread-confined: one per stream task.
 */
public final class Judge {

  private final FilterPolicy policy;
  private final List<Scorer> scorers;

  /** A judge for {@code policy}. */
  public Judge(FilterPolicy policy) {
    this.policy = policy;
    this.scorers = policy.buildScorers();
  }

  /** The policy this judge applies. */
  public FilterPolicy policy() {
    return policy;
  }

  /** The scores of every scorer, merged by name. */
  public Map<String, Double> score(LabeledRecord record) {
    return FilterPolicy.scoreAll(scorers, record);
  }

  /** The scored record for {@code verdict}, stamped {@code now}. */
  public ScoredRecord scored(
      LabeledRecord record, Map<String, Double> scores, Verdict verdict, Instant now) {
    return ScoredRecord.newBuilder()
        .setLabeled(record)
        .setScores(Map.copyOf(scores))
        .setDecision(verdict.decision())
        .setWeight(verdict.weight())
        .setSoftTargetOnly(verdict.softTargetOnly())
        .setReasons(verdict.reasons())
        .setPolicy(policy.name())
        .setScoredAt(now)
        .build();
  }

  /**
   * The class a record counts towards for the balance cap: the teacher's predicted class for
   * classification, the language for speech, {@code "unknown"} otherwise.
   */
  public static String classOf(LabeledRecord record, Map<String, Double> scores) {
    Double predicted = scores.get("predicted-class");
    if (predicted != null) {
      return Long.toString(Math.round(predicted));
    }
    String language = record.getRaw().getLanguage();
    return language == null || language.isBlank() ? "unknown" : language;
  }
}
