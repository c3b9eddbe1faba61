package io.distillery.producers.watch;

import io.distillery.producers.ingest.Outcome;
import io.distillery.producers.source.Sample;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Something a watch follows: each poll returns what is new since the state. */
public interface WatchTarget {

  /** What to describe the target as in logs. */
  String description();

  /** New samples, and how to record their outcomes in the state once they are acknowledged. */
  Batch poll(WatchState state) throws IOException;

  /**
   * Samples to send and the state update for their outcomes.
   *
   * @param samples the new samples
   * @param commit records the outcomes (in sample order) in the state
   */
  record Batch(List<Sample> samples, Consumer<List<Outcome>> commit) {}
}
