package io.distillery.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record was written with a schema fingerprint this build does not know, or is not Avro at all.
 */
public final class UnknownSchemaException extends SerializationException {

  private final String fingerprint;

  UnknownSchemaException(String message, String fingerprint, Throwable cause) {
    super(message, cause);
    this.fingerprint = fingerprint;
  }

  /** The unknown fingerprint as 16 hex digits, or {@code null} when the header itself was bad. */
  public String fingerprint() {
    return fingerprint;
  }
}
