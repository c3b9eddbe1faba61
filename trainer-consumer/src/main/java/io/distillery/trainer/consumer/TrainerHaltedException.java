package io.distillery.trainer.consumer;

/** The trainer was halted without a final checkpoint, as a crash would stop it. */
public final class TrainerHaltedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TrainerHaltedException(long step, long samplesTrained) {
    super(
        "Trainer halted at step "
            + step
            + " after "
            + samplesTrained
            + " samples, no checkpoint written");
  }
}
