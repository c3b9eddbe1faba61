package io.distillery.labeler.task;

import io.distillery.media.MediaException;
import io.distillery.schemas.deadletter.DeadLetterReason;

/** A payload cannot be turned into a model input: the record belongs in the dead-letter topic. */
public final class PayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  /**
   * A payload error.
   *
   * @param reason the catalogue reason the dead letter carries
   * @param message what is wrong, for a person
   */
  public PayloadException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The media refusal of the payload, as the producer would say it. */
  public PayloadException(MediaException refused) {
    super(refused.getMessage(), refused);
    this.reason = refused.reason();
  }

  /** The catalogue reason. */
  public DeadLetterReason reason() {
    return reason;
  }
}
