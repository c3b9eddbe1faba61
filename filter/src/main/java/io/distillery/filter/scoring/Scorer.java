package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import java.util.Map;

/**
 * Computes named scores for one labeled record. A scorer that does not apply to a record (no
 * reference, no proxy output, no audio duration) leaves its scores out rather than inventing one;
 * the policy decides what a missing score means. Implementations are stateless and thread-safe.
 */
public interface Scorer {

  /** The scorer's name in policy files, e.g. {@code reference-wer}. */
  String name();

  /** Scores by name; values are fractions or plain quantities documented by each score name. */
  Map<String, Double> score(LabeledRecord record);
}
