package io.distillery.producers.source;

import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.io.IOException;
import java.util.Map;

/**
 * One sample to ingest, its bytes loaded on demand.
 *
 * @param identity where it comes from, stable across runs and machines (a path relative to the
 *     directory or manifest, or a dataset coordinate); part of the record id and the record's
 *     source
 * @param loader reads the payload; may refuse with an {@link RefusedRecordException} (e.g. a
 *     manifest line that names no file)
 * @param reference reference transcript or true label as text, or null
 * @param language BCP-47 language, or null
 * @param attributes free-form metadata carried into the record
 */
public record Sample(
    String identity,
    Loader loader,
    String reference,
    String language,
    Map<String, String> attributes) {

  /** Copies the attributes. */
  public Sample {
    attributes = Map.copyOf(attributes);
  }

  /** Reads a sample's payload. */
  @FunctionalInterface
  public interface Loader {
    /** The payload bytes. */
    byte[] load() throws IOException, RefusedRecordException;
  }

  /** A sample whose manifest line cannot be read, reported with {@code reason} and never sent. */
  public static Sample refused(String identity, String reason) {
    return new Sample(
        identity,
        () -> {
          throw new RefusedRecordException(DeadLetterReason.MANIFEST_INVALID, reason);
        },
        null,
        null,
        Map.of());
  }
}
