package io.distillery.trainer.consumer;

import io.distillery.trainer.engine.HealthProblem;

/**
 * The student's weights became unusable ({@link HealthProblem#NON_FINITE_WEIGHTS} or {@link
 * HealthProblem#COLLAPSED_OUTPUTS}): the run ends without a checkpoint and the trainer restarts
 * from its last one; thrown out of {@link TrainerLoop#run} when that keeps happening.
 */
public final class StudentUnhealthyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * What was found.
   *
   * @param problem what went wrong
   * @param step the step at which it was found
   * @param samplesTrained fresh samples trained by then (in the run that is thrown away)
   */
  public record Finding(HealthProblem problem, long step, long samplesTrained) {}

  private final transient Finding finding;

  StudentUnhealthyException(Finding finding, String detail) {
    super(finding.problem().code() + " at step " + finding.step() + ": " + detail);
    this.finding = finding;
  }

  /** What was found. */
  public Finding finding() {
    return finding;
  }
}
