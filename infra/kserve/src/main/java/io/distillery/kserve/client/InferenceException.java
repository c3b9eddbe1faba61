package io.distillery.kserve.client;

/** A failed inference or metadata call; see the retriable and non-retriable subclasses. */
public abstract class InferenceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String errorType;

  InferenceException(String errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  /** A short kind for logs and dead letters, e.g. {@code invalid-argument}, {@code unavailable}. */
  public String errorType() {
    return errorType;
  }

  /** Whether the same call may succeed later or on another server. */
  public abstract boolean retriable();
}
