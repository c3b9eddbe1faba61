package io.distillery.kserve.client;

/**
 * The server could not answer now (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, no
 * healthy server): the call should be retried later or elsewhere; the record is not at fault.
 */
public final class RetriableInferenceException extends InferenceException {

  private static final long serialVersionUID = 1L;

  /** A retriable failure of kind {@code errorType}. */
  public RetriableInferenceException(String errorType, String message, Throwable cause) {
    super(errorType, message, cause);
  }

  @Override
  public boolean retriable() {
    return true;
  }
}
