package io.distillery.kserve.client;

/**
 * The server refused the request for what it is (INVALID_ARGUMENT, NOT_FOUND, INTERNAL ...) or
 * answered something unusable: retrying cannot help, the record goes to the dead-letter topic.
 */
public final class NonRetriableInferenceException extends InferenceException {

  private static final long serialVersionUID = 1L;

  /** A non-retriable failure of kind {@code errorType}. */
  public NonRetriableInferenceException(String errorType, String message, Throwable cause) {
    super(errorType, message, cause);
  }

  @Override
  public boolean retriable() {
    return false;
  }
}
