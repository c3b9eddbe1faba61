package io.distillery.claimcheck.s3;

/** An object that exists but cannot be read as it is (archived to a cold storage class). */
public final class UnreadableObjectException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why, naming the object. */
  public UnreadableObjectException(String message, Throwable cause) {
    super(message, cause);
  }
}
