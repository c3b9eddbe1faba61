package io.distillery.producers.source;

import java.io.IOException;
import java.util.Map;

/**
 * One sample to ingest, its bytes loaded on demand.
 *
 * @param identity where it comes from, stable across runs and machines (a path relative to the
 *     directory or manifest, or a dataset coordinate); part of the record id and the record's
 *     source
 * @param loader reads the payload; may refuse with an {@link SampleRefusedException} (e.g. a
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
    byte[] load() throws IOException, SampleRefusedException;
  }

  /** A sample that cannot be loaded at all, reported with {@code code} and {@code reason}. */
  public static Sample refused(String identity, String code, String reason) {
    return new Sample(
        identity,
        () -> {
          throw new SampleRefusedException(code, reason);
        },
        null,
        null,
        Map.of());
  }
}
