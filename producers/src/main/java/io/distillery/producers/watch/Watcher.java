package io.distillery.producers.watch;

import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.ingest.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps following a {@link WatchTarget} until asked to stop. After each batch is acknowledged by
 * the broker the state file is rewritten atomically, so a restart resumes where the last
 * acknowledged batch ended.
 *
 * <p>Guarantee: at least once, with stable keys. Every sample is sent until acknowledged; a clean
 * stop or restart sends nothing twice. A crash after the broker's acknowledgement but before the
 * state write re-sends that last batch, with the same record ids as Kafka keys, so consumers can
 * drop the duplicates by id. The idempotent producer removes duplicates caused by its own retries.
 */
public final class Watcher {

  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

  private Watcher() {}

  /**
   * Follows {@code target} with {@code ingestor}, polling every {@code interval}, until {@code
   * stop} says so; returns the counts of this run (alreadySent: entries the state held at start).
   */
  public static IngestSummary follow(
      WatchTarget target,
      java.nio.file.Path stateFile,
      Ingestor ingestor,
      Duration interval,
      BooleanSupplier stop)
      throws IOException, InterruptedException {
    WatchState state = WatchState.load(stateFile);
    long previously = state.files.size() + state.manifestLines;
    LOG.info(
        "Watching {} (state {}: {} already handled)", target.description(), stateFile, previously);
    IngestSummary summary = IngestSummary.empty();
    while (!stop.getAsBoolean()) {
      WatchTarget.Batch batch = target.poll(state);
      if (!batch.samples().isEmpty()) {
        long start = System.nanoTime();
        List<Outcome> outcomes = ingestor.send(batch.samples());
        batch.commit().accept(outcomes);
        state.save(stateFile);
        IngestSummary round =
            IngestSummary.of(outcomes, 0, Duration.ofNanos(System.nanoTime() - start));
        LOG.info(
            "Watch batch from {}: sent={} invalid={} failed={}",
            target.description(),
            round.sent(),
            round.invalid(),
            round.failed());
        summary = summary.plus(round);
      }
      sleepUnlessStopped(interval, stop);
    }
    return summary.plus(new IngestSummary(0, 0, 0, previously, 0, 0, Duration.ZERO, List.of()));
  }

  private static void sleepUnlessStopped(Duration interval, BooleanSupplier stop)
      throws InterruptedException {
    long deadline = System.nanoTime() + interval.toNanos();
    while (!stop.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
    }
  }
}
