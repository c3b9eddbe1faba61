package io.distillery.trainer.engine;

/**
 * Decides whether a step's gradients may update the weights: not when their global norm is not
 * finite, nor when it is more than {@value #EXPLOSION_FACTOR} times the running average of the
 * norms of the updates taken (after {@value #WARM_UP_STEPS} of them, so that the first, large
 * gradients of a new model set the average). Clipping bounds an update's size; this refuses the
 * rare step whose gradient says the loss surface or the batch is broken.
 */
final class GradientWatch {

  /** How far above its running average a gradient norm counts as an explosion. */
  static final double EXPLOSION_FACTOR = 1000;

  static final int WARM_UP_STEPS = 20;

  /** Weight of the newest norm in the running average. */
  private static final double SMOOTHING = 0.05;

  private double average;
  private long accepted;

  /** The problem with {@code norm} (the loss being {@code loss}), or null to take the step. */
  HealthProblem judge(float loss, double norm) {
    if (!Float.isFinite(loss)) {
      return HealthProblem.NON_FINITE_LOSS;
    }
    if (!Double.isFinite(norm)) {
      return HealthProblem.NON_FINITE_GRADIENTS;
    }
    if (accepted >= WARM_UP_STEPS && norm > EXPLOSION_FACTOR * average) {
      return HealthProblem.EXPLODING_GRADIENTS;
    }
    accepted++;
    average = accepted == 1 ? norm : (1 - SMOOTHING) * average + SMOOTHING * norm;
    return null;
  }
}
