package io.distillery.labeler.batch;

import java.time.Duration;

/**
 * How records are grouped and how much work may be outstanding.
 *
 * @param maxBatchSize most items in one micro-batch (the model's max batch size or less)
 * @param linger longest an item waits for its batch to fill
 * @param maxInFlightBatches most batches sent and not yet answered
 * @param maxInFlightBytes most payload bytes accepted and not yet written out
 */
public record BatchPolicy(
    int maxBatchSize, Duration linger, int maxInFlightBatches, long maxInFlightBytes) {

  /** Validates at once. */
  public BatchPolicy {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
    }
    if (linger == null || linger.isNegative()) {
      throw new IllegalArgumentException("linger must be >= 0, got " + linger);
    }
    if (maxInFlightBatches < 1) {
      throw new IllegalArgumentException(
          "maxInFlightBatches must be >= 1, got " + maxInFlightBatches);
    }
    if (maxInFlightBytes < 1) {
      throw new IllegalArgumentException("maxInFlightBytes must be >= 1, got " + maxInFlightBytes);
    }
  }

  /** This policy with the batch size capped at {@code modelMax} (a model without batching: 1). */
  public BatchPolicy cappedAt(int modelMax) {
    return new BatchPolicy(
        Math.max(1, Math.min(maxBatchSize, modelMax)),
        linger,
        maxInFlightBatches,
        maxInFlightBytes);
  }
}
