package io.distillery.claimcheck;

import io.distillery.schemas.deadletter.DeadLetterReason;

/**
 * A claim check could not be honoured: URI outside the allowed roots, missing blob, size or hash
 * mismatch. Never retriable: the record belongs in the dead-letter topic.
 */
public final class ClaimCheckException extends Exception {

  private final DeadLetterReason reason;

  ClaimCheckException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  ClaimCheckException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** Why it was refused: one of the {@code claim-check-*} reasons, or {@code missing-payload}. */
  public DeadLetterReason reason() {
    return reason;
  }
}
