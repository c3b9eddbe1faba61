package io.distillery.producers.source;

/**
 * A sample a source cannot hand over at all (a manifest line that is not JSON, names no file): it
 * is reported with its source and reason and never sent.
 */
public final class SampleRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String code;

  /** A refusal of kind {@code code} (e.g. {@code manifest-invalid}) with a human reason. */
  public SampleRefusedException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** {@code code: message}, the form summaries print. */
  public String reason() {
    return code + ": " + getMessage();
  }
}
