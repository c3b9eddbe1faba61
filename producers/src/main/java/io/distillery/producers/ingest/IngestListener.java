package io.distillery.producers.ingest;

/** Hears about progress, e.g. to draw a progress bar. Called from producer threads too. */
public interface IngestListener {

  /** A listener that ignores everything. */
  IngestListener NONE = new IngestListener() {};

  /** A batch of {@code count} samples is about to be processed. */
  default void batchStarted(long count) {}

  /** One sample's outcome is known. */
  default void outcome(Outcome outcome) {}
}
