package io.distillery.trainer.engine;

/**
 * An evaluation result on a held-out set.
 *
 * @param name e.g. {@code accuracy} or {@code wer}
 * @param value the measured value
 * @param higherIsBetter true for accuracy, false for error rates
 */
public record Metric(String name, double value, boolean higherIsBetter) {

  /**
   * Whether this result is worse than {@code reference} by more than {@code tolerance} (in the
   * metric's own units).
   */
  public boolean regressesFrom(double reference, double tolerance) {
    if (Double.isNaN(reference)) {
      return false;
    }
    return higherIsBetter ? value < reference - tolerance : value > reference + tolerance;
  }
}
