package io.distillery.claimcheck;

/**
 * A claim check could not be honoured: URI outside the allowed roots, missing blob, size or hash
 * mismatch. Never retriable: the record belongs in the dead-letter topic.
 */
public final class ClaimCheckException extends Exception {

  private final String errorType;

  ClaimCheckException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  ClaimCheckException(String errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  /**
   * A short kind for dead letters: {@code claim-check-outside-roots}, {@code claim-check-missing},
   * {@code claim-check-size-mismatch}, {@code claim-check-hash-mismatch} or {@code
   * claim-check-unsupported}.
   */
  public String errorType() {
    return errorType;
  }
}
