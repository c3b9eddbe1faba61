package io.distillery.kserve.tensor;

/**
 * A tensor does not fit its declared datatype or shape, or a value cannot be represented. It is
 * never retriable: the record or the model's answer is wrong.
 */
public final class TensorException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String errorType;

  /**
   * A tensor error.
   *
   * @param errorType short kind for dead letters, e.g. {@code wrong-shape}
   * @param message what is wrong, for a person
   */
  public TensorException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  /** A short machine-readable kind, e.g. {@code wrong-shape} or {@code bad-bytes-element}. */
  public String errorType() {
    return errorType;
  }
}
