package io.distillery.trainer.data;

/** An accepted record that cannot become a training sample; it goes to the dead-letter topic. */
public final class SampleException extends Exception {

  private final String errorType;

  /**
   * @param errorType short machine-readable kind, e.g. {@code missing-teacher-output}
   * @param message what is wrong, for a person
   */
  public SampleException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  /** The short machine-readable kind of the error. */
  public String errorType() {
    return errorType;
  }
}
