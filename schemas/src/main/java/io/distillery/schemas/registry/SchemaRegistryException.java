package io.distillery.schemas.registry;

import org.apache.kafka.common.KafkaException;

/**
 * The registry refused a call, or could not be reached within the retry budget. Not a {@code
 * SerializationException}: it says nothing about the record at hand, so a stage stops on it (its
 * transaction aborted, its input offsets kept) instead of dead-lettering good records.
 */
public final class SchemaRegistryException extends KafkaException {

  /** Confluent's error code for an unknown subject. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent's error code for an unknown schema (or id). */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Confluent's error code for a schema refused as incompatible. */
  public static final int INCOMPATIBLE = 409;

  private final int status;
  private final int errorCode;

  SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** The HTTP status, or -1 when no answer came. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code}, or the HTTP status when it gave none. */
  public int errorCode() {
    return errorCode;
  }

  /** Whether the registry answered that the subject or schema does not exist. */
  public boolean notFound() {
    return status == 404;
  }

  /** Whether no answer came at all (connection refused, timeouts, 5xx until the budget ran out). */
  public boolean unavailable() {
    return status == -1 || status >= 500;
  }
}
