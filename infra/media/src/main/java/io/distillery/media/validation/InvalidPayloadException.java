package io.distillery.media.validation;

/**
 * A payload (or the manifest line that names it) was refused: it is reported with its source and
 * reason and never sent. {@link #code()} is a short stable kind for summaries and dead letters.
 */
public final class InvalidPayloadException extends Exception {

  private final String code;

  /** A refusal of kind {@code code} (e.g. {@code wav-sample-rate}) with a human reason. */
  public InvalidPayloadException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A refusal caused by {@code cause}. */
  public InvalidPayloadException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** Short kind, e.g. {@code wav-truncated}, {@code image-undecodable}. */
  public String code() {
    return code;
  }

  /** {@code code: message}, the form summaries print. */
  public String reason() {
    return code + ": " + getMessage();
  }
}
