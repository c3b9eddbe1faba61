package io.distillery.trainer.engine;

/**
 * What can go wrong with a student while it trains, and what the trainer does about it. The first
 * three are caught before they touch the weights: the step is taken without an update. The last two
 * mean the weights themselves are unusable: the trainer goes back to its last checkpoint (every
 * checkpoint is written only from a healthy student) and reads the stream again from there.
 */
public enum HealthProblem {
  /** The loss was NaN or infinite: the update is skipped. */
  NON_FINITE_LOSS("non-finite-loss"),
  /** The loss was finite but a gradient was not: the update is skipped. */
  NON_FINITE_GRADIENTS("non-finite-gradients"),
  /**
   * The gradients' norm was more than {@value GradientWatch#EXPLOSION_FACTOR} times its running
   * average: the update is skipped.
   */
  EXPLODING_GRADIENTS("exploding-gradients"),
  /** A weight is NaN or infinite: the trainer restores its last checkpoint. */
  NON_FINITE_WEIGHTS("non-finite-weights"),
  /**
   * The student that gave several different answers on its probe set now gives one (one class for
   * every image, the same or no transcript for every utterance): the trainer restores its last
   * checkpoint.
   */
  COLLAPSED_OUTPUTS("collapsed-outputs");

  private final String code;

  HealthProblem(String code) {
    this.code = code;
  }

  /** The name in metrics, logs and student-version records. */
  public String code() {
    return code;
  }
}
