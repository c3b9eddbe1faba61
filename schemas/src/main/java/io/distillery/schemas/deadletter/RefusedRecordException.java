package io.distillery.schemas.deadletter;

/**
 * A record refused for one of the catalogue's reasons: a payload that does not decode, a claim
 * check that fails verification, a label the student cannot learn from. Whichever stage refuses the
 * same record says the same thing: the dead letter carries {@link #reason()}'s code and this
 * message, and a producer prints {@link #describe()}.
 */
public class RefusedRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  private final DeadLetterReason reason;

  /** A refusal for {@code reason}, with a message that says what is wrong and how to fix it. */
  public RefusedRecordException(DeadLetterReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** A refusal caused by another failure, e.g. a decoder's. */
  public RefusedRecordException(DeadLetterReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** The catalogue reason. */
  public DeadLetterReason reason() {
    return reason;
  }

  /** {@code code: message}, the form producers print. */
  public String describe() {
    return reason.code() + ": " + getMessage();
  }
}
