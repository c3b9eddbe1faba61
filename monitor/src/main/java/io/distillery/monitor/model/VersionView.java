package io.distillery.monitor.model;

import java.util.Map;

/**
 * A published (or rolled back) student version.
 *
 * @param version version number
 * @param status PUBLISHED, ROLLED_BACK or REJECTED
 * @param step training step it was taken at
 * @param samplesSeen samples trained on when it was taken
 * @param metrics evaluation metrics, e.g. accuracy or wer
 * @param publishedAt epoch millis
 */
public record VersionView(
    long version,
    String status,
    long step,
    long samplesSeen,
    Map<String, Double> metrics,
    long publishedAt) {

  /** Copies the metrics. */
  public VersionView {
    metrics = Map.copyOf(metrics);
  }
}
