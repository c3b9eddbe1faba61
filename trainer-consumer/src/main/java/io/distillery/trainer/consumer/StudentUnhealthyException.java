package io.distillery.trainer.consumer;

import io.distillery.trainer.engine.HealthProblem;

/**
 * The student's weights became unusable (a {@link HealthProblem} that {@link
 * HealthProblem#restores() restores}): the run ends without a checkpoint and the trainer restarts
 * from its last one; thrown out of {@link TrainerLoop#run} when that keeps happening.
 */
public final class StudentUnhealthyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient HealthProblem problem;
  private final long step;
  private final long samplesTrained;

  StudentUnhealthyException(HealthProblem problem, long step, long samplesTrained, String detail) {
    super(problem.code() + " at step " + step + ": " + detail);
    this.problem = problem;
    this.step = step;
    this.samplesTrained = samplesTrained;
  }

  /** What went wrong. */
  public HealthProblem problem() {
    return problem;
  }

  /** The step at which it was found. */
  public long step() {
    return step;
  }

  /** Fresh samples trained by then (in the run that is thrown away). */
  public long samplesTrained() {
    return samplesTrained;
  }
}
