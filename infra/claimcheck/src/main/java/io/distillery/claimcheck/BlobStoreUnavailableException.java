package io.distillery.claimcheck;

/**
 * The store holding a claim-checked payload cannot be reached or answers with an error of its own
 * (connection refused, timeouts, throttling or 5xx beyond the retry budget, access denied). The
 * record is not at fault: a stage holds its input and tries again rather than dead-lettering it.
 */
public final class BlobStoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An outage described by {@code message}. */
  public BlobStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
