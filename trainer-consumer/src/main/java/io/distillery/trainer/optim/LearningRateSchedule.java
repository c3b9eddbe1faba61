package io.distillery.trainer.optim;

import ai.djl.training.tracker.Tracker;

/**
 * Linear warm-up to the base rate, then a step decay: {@code base * factor^((step - warmup) /
 * decayEvery)}, never below {@code minimum}. With factor 1 the rate stays constant, which suits an
 * endless stream.
 *
 * @param base peak learning rate
 * @param warmupSteps steps of linear warm-up from base / warmupSteps
 * @param decayEvery steps between decays
 * @param factor multiplier at each decay, in (0, 1]
 * @param minimum floor of the rate
 */
public record LearningRateSchedule(
    float base, int warmupSteps, int decayEvery, float factor, float minimum) implements Tracker {

  /** Validates the schedule. */
  public LearningRateSchedule {
    if (!(base > 0) || warmupSteps < 0 || decayEvery < 1 || !(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException(
          "learning rate must be positive, warm-up >= 0, decay interval >= 1, factor in (0, 1]");
    }
  }

  /** A constant rate. */
  public static LearningRateSchedule constant(float rate) {
    return new LearningRateSchedule(rate, 0, 1, 1f, 0f);
  }

  @Override
  public float getNewValue(int step) {
    if (step < warmupSteps) {
      return base * (step + 1) / warmupSteps;
    }
    double decays = Math.floor((double) (step - warmupSteps) / decayEvery);
    return (float) Math.max(minimum, base * Math.pow(factor, decays));
  }
}
