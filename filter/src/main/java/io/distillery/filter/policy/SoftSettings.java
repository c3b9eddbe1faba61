package io.distillery.filter.policy;

/**
 * How SOFT records are trained on (LPLD, weighted distillation).
 *
 * @param weight the sample weight of a SOFT record, in (0, 1]
 * @param softTargetOnly whether a SOFT record trains on the teacher's soft distribution only
 */
public record SoftSettings(double weight, boolean softTargetOnly) {

  /** Weight 0.5, hard and soft targets. */
  public static final SoftSettings DEFAULT = new SoftSettings(0.5, false);

  /** Validates the weight. */
  public SoftSettings {
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException("soft.weight must be in (0, 1], got " + weight);
    }
  }
}
