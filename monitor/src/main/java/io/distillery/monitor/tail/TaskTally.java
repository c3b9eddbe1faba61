package io.distillery.monitor.tail;

import io.distillery.monitor.model.DeadLetterCount;
import io.distillery.monitor.model.DeadLetterView;
import io.distillery.monitor.model.ServerLatency;
import io.distillery.monitor.model.VersionView;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.avro.VersionStatus;
import io.distillery.schemas.topics.StudentVersionKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Running counts of one task's outputs; pure, fed record by record. Not thread-safe. */
public final class TaskTally {

  static final int RECENT_REASONS = 200;
  static final int RECENT_ERRORS = 10;
  static final int RECENT_LATENCIES = 512;

  private long labeled;
  private long accepted;
  private long soft;
  private long rejected;
  private long deadLetters;
  private long undecodable;
  private final Deque<String> recentReasons = new ArrayDeque<>();
  private final Deque<DeadLetterView> lastErrors = new ArrayDeque<>();
  private final Map<Long, VersionView> versions = new TreeMap<>();
  private final Map<String, Long> records = new java.util.HashMap<>();
  private final Map<List<String>, Long> deadLettersByKind = new TreeMap<>(KIND_ORDER);
  private final Map<List<String>, Deque<Double>> latencies = new TreeMap<>(KIND_ORDER);

  private static final java.util.Comparator<List<String>> KIND_ORDER =
      java.util.Comparator.<List<String>, String>comparing(k -> k.get(0))
          .thenComparing(k -> k.get(1));

  /** Counts a record read from the accepted or rejected topic. */
  public void onScored(ScoredRecord record) {
    if (record.getDecision() == Decision.REJECT) {
      rejected++;
      for (CharSequence reason : record.getReasons()) {
        remember(recentReasons, reason.toString(), RECENT_REASONS);
      }
    } else {
      accepted++;
      if (record.getDecision() == Decision.SOFT) {
        soft++;
      }
    }
  }

  /** Counts a dead letter and keeps it among the most recent. */
  public void onDeadLetter(DeadLetter letter) {
    deadLetters++;
    deadLettersByKind.merge(List.of(letter.getStage(), letter.getErrorType()), 1L, Long::sum);
    remember(
        lastErrors,
        new DeadLetterView(
            letter.getStage(),
            letter.getErrorType(),
            letter.getReason(),
            letter.getRecordId(),
            letter.getFailedAt().toEpochMilli()),
        RECENT_ERRORS);
  }

  /**
   * Records a student version; a later record for the same version replaces it (rollback). A
   * REJECTED record (a student state the trainer refused and restored from) is no version: it joins
   * the recent errors as the trainer's, and the versions stay as they were.
   */
  public void onVersion(StudentVersion version) {
    if (version.getStatus() == VersionStatus.REJECTED) {
      String problem = StudentVersionKeys.problem(version).orElse("unhealthy");
      remember(
          lastErrors,
          new DeadLetterView(
              "trainer",
              problem,
              "student state refused at step "
                  + version.getStep()
                  + "; restored the last checkpoint, version "
                  + version.getVersion()
                  + " still serves",
              "",
              version.getPublishedAt().toEpochMilli()),
          RECENT_ERRORS);
      return;
    }
    versions.put(
        version.getVersion(),
        new VersionView(
            version.getVersion(),
            version.getStatus().name(),
            version.getStep(),
            version.getSamplesSeen(),
            version.getMetrics(),
            version.getPublishedAt().toEpochMilli()));
  }

  /** Counts one committed record read from {@code topic}, whatever it holds. */
  public void onRecord(String topic) {
    records.merge(topic, 1L, Long::sum);
  }

  /**
   * The committed records read from {@code topic}: records, not offsets, so transaction markers and
   * aborted records are not counted; null for a topic this tally does not read.
   */
  public Long records(String topic) {
    return records.get(topic);
  }

  /**
   * Counts a committed record of the labeled topic and keeps the latency of each server's answer in
   * it (outputs of models that no server answered are left out).
   */
  public void onLabeled(LabeledRecord record) {
    labeled++;
    for (ModelOutput output : record.getOutputs()) {
      if (output.getServer() != null) {
        remember(
            latencies.computeIfAbsent(
                List.of(output.getServer(), output.getModelName()), k -> new ArrayDeque<>()),
            output.getLatencyMillis(),
            RECENT_LATENCIES);
      }
    }
  }

  /** Counts a committed record of the labeled topic that could not be decoded. */
  public void onLabeled() {
    labeled++;
  }

  /** Dead letters per stage and kind, sorted by stage then kind. */
  public List<DeadLetterCount> deadLettersByKind() {
    List<DeadLetterCount> out = new ArrayList<>();
    deadLettersByKind.forEach((k, n) -> out.add(new DeadLetterCount(k.get(0), k.get(1), n)));
    return out;
  }

  /**
   * Median and 99th-percentile latency of each server and model over its most recent answers
   * (nearest rank), sorted by server then model.
   */
  public List<ServerLatency> latencies() {
    List<ServerLatency> out = new ArrayList<>();
    latencies.forEach(
        (k, recent) -> {
          double[] sorted = recent.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          out.add(
              new ServerLatency(
                  k.get(0),
                  k.get(1),
                  sorted.length,
                  nearestRank(sorted, 0.50),
                  nearestRank(sorted, 0.99)));
        });
    return out;
  }

  private static double nearestRank(double[] sorted, double quantile) {
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** Committed records read from the labeled topic. */
  public long labeled() {
    return labeled;
  }

  /** Counts a value the monitor could not decode (still a record the topic holds). */
  public void onUndecodable() {
    undecodable++;
  }

  public long accepted() {
    return accepted;
  }

  public long soft() {
    return soft;
  }

  public long rejected() {
    return rejected;
  }

  public long deadLetters() {
    return deadLetters;
  }

  public long undecodable() {
    return undecodable;
  }

  /** How often each reason occurs among the most recent rejections. */
  public Map<String, Long> reasonCounts() {
    Map<String, Long> counts = new TreeMap<>();
    recentReasons.forEach(r -> counts.merge(r, 1L, Long::sum));
    return counts;
  }

  /** The most recent dead letters, newest first. */
  public List<DeadLetterView> lastErrors() {
    List<DeadLetterView> newestFirst = new ArrayList<>(lastErrors);
    java.util.Collections.reverse(newestFirst);
    return newestFirst;
  }

  public List<VersionView> versions() {
    return new ArrayList<>(versions.values());
  }

  private static <T> void remember(Deque<T> deque, T item, int capacity) {
    deque.addLast(item);
    while (deque.size() > capacity) {
      deque.removeFirst();
    }
  }
}
