package io.distillery.filter.policy;

import io.distillery.schemas.avro.Decision;
import java.util.List;

/**
 * A policy's decision on one record.
 *
 * @param decision ACCEPT, SOFT or REJECT
 * @param weight the sample weight (1 for ACCEPT, the soft weight for SOFT, 0 for REJECT)
 * @param softTargetOnly whether to train on the soft distribution only
 * @param reasons why, one line per rule that did not pass; empty for a clean ACCEPT
 */
public record Verdict(
    Decision decision, double weight, boolean softTargetOnly, List<String> reasons) {

  /** Copies the reasons. */
  public Verdict {
    reasons = List.copyOf(reasons);
  }
}
