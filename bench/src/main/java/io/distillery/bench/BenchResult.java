package io.distillery.bench;

import java.util.Locale;

/**
 * One measured figure next to its baseline from the same run.
 *
 * @param benchmark what was measured, e.g. {@code labeler vs teacher capacity}
 * @param value the measured figure
 * @param baseline the baseline's figure, in the same unit; NaN for a figure that is itself a
 *     baseline (Kafka's own ceiling)
 * @param unit the unit of both, e.g. {@code records/s}
 * @param goal the ratio aimed for, or {@code NaN} when there is none
 * @param higherIsBetter whether a larger value is better (false for latencies and memory)
 * @param note how it was measured (sizes, settings), one line
 */
public record BenchResult(
    String benchmark,
    double value,
    double baseline,
    String unit,
    double goal,
    boolean higherIsBetter,
    String note) {

  /** {@code value / baseline}. */
  public double ratio() {
    return value / baseline;
  }

  /** Whether the ratio reaches the goal (true when there is no goal). */
  public boolean meetsGoal() {
    if (Double.isNaN(goal) || Double.isNaN(baseline)) {
      return true;
    }
    return higherIsBetter ? ratio() >= goal : ratio() <= goal;
  }

  /** One row of the Markdown table. */
  String toMarkdownRow() {
    String goalCell =
        Double.isNaN(goal)
            ? "-"
            : String.format(Locale.ROOT, "%s %.2f", higherIsBetter ? "≥" : "≤", goal);
    return String.format(
        Locale.ROOT,
        "| %s | %s %s | %s | %s | %s | %s |",
        benchmark,
        figure(value),
        unit,
        Double.isNaN(baseline) ? "-" : figure(baseline) + " " + unit,
        Double.isNaN(baseline) ? "-" : String.format(Locale.ROOT, "%.3f", ratio()),
        goalCell,
        note);
  }

  private static String figure(double v) {
    return Math.abs(v) >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }
}
