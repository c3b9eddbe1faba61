package io.distillery.producers.source;

import java.io.IOException;
import java.util.List;

/** A finite set of samples to ingest, listed in a stable order. */
public interface SampleSource {

  /** A short description for logs and the summary, e.g. {@code manifest data/train.jsonl}. */
  String description();

  /** Every sample, in a stable order; payloads are not read yet. */
  List<Sample> samples() throws IOException;
}
