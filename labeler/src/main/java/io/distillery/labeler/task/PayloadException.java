package io.distillery.labeler.task;

/** A payload cannot be turned into a model input: the record belongs in the dead-letter topic. */
public final class PayloadException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String errorType;

  /**
   * A payload error.
   *
   * @param errorType short kind for dead letters, e.g. {@code undecodable-payload}
   * @param message what is wrong, for a person
   */
  public PayloadException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  /** A short machine-readable kind. */
  public String errorType() {
    return errorType;
  }
}
