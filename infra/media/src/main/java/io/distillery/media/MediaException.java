package io.distillery.media;

import io.distillery.schemas.deadletter.DeadLetterReason;

/**
 * A payload is refused: the same reason and message whichever stage reads it, so a producer's
 * refusal and a labeler's or trainer's dead letter say the same thing about the same bytes.
 */
public final class MediaException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  /** A refusal for {@code reason}, with a message that says what is wrong and how to fix it. */
  public MediaException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A refusal caused by a decoder's failure. */
  public MediaException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The catalogue reason, whose code dead letters carry. */
  public DeadLetterReason reason() {
    return reason;
  }

  /** {@code code: message}, the form producers print. */
  public String describe() {
    return reason.code() + ": " + getMessage();
  }
}
