package io.distillery.producers.ingest;

import java.time.Duration;
import java.util.List;

/**
 * The result of an ingestion run.
 *
 * @param sent samples acknowledged by the broker
 * @param invalid samples refused by validation (never sent)
 * @param failed valid samples whose send failed
 * @param alreadySent samples skipped because an earlier run sent them (watch state)
 * @param payloadBytes payload bytes of the sent samples
 * @param claimChecked sent samples whose payload went by claim check
 * @param elapsed wall time of the run
 * @param problems identity and reason of each invalid or failed sample (at most {@link
 *     #MAX_PROBLEMS})
 */
public record IngestSummary(
    long sent,
    long invalid,
    long failed,
    long alreadySent,
    long payloadBytes,
    long claimChecked,
    Duration elapsed,
    List<Problem> problems) {

  /** How many problems a summary keeps; the log has every one. */
  public static final int MAX_PROBLEMS = 1000;

  /** Copies the list. */
  public IngestSummary {
    problems = List.copyOf(problems);
  }

  /** One refused or failed sample. */
  public record Problem(String identity, String reason) {}

  /** Sent records per second over the run. */
  public double recordsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? sent / seconds : 0;
  }

  /** This summary plus {@code other}'s counts, e.g. across watch rounds. */
  public IngestSummary plus(IngestSummary other) {
    List<Problem> all = new java.util.ArrayList<>(problems);
    other.problems.stream().limit(Math.max(0, MAX_PROBLEMS - all.size())).forEach(all::add);
    return new IngestSummary(
        sent + other.sent,
        invalid + other.invalid,
        failed + other.failed,
        alreadySent + other.alreadySent,
        payloadBytes + other.payloadBytes,
        claimChecked + other.claimChecked,
        elapsed.plus(other.elapsed),
        all);
  }

  /** An empty summary. */
  public static IngestSummary empty() {
    return new IngestSummary(0, 0, 0, 0, 0, 0, Duration.ZERO, List.of());
  }

  /** Tallies outcomes into a summary. */
  public static IngestSummary of(List<Outcome> outcomes, long alreadySent, Duration elapsed) {
    long sent = 0;
    long invalid = 0;
    long failed = 0;
    long bytes = 0;
    long claimChecked = 0;
    List<Problem> problems = new java.util.ArrayList<>();
    for (Outcome o : outcomes) {
      switch (o.status()) {
        case SENT -> {
          sent++;
          bytes += o.payloadBytes();
          claimChecked += o.claimChecked() ? 1 : 0;
        }
        case INVALID -> invalid++;
        case FAILED -> failed++;
      }
      if (o.status() != Outcome.Status.SENT && problems.size() < MAX_PROBLEMS) {
        problems.add(new Problem(o.sample().identity(), o.reason()));
      }
    }
    return new IngestSummary(
        sent, invalid, failed, alreadySent, bytes, claimChecked, elapsed, problems);
  }
}
