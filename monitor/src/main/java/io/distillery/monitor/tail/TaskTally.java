package io.distillery.monitor.tail;

import io.distillery.monitor.model.DeadLetterView;
import io.distillery.monitor.model.VersionView;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
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

  /** Records a student version; a later record for the same version replaces it (rollback). */
  public void onVersion(StudentVersion version) {
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

  /** Counts a committed record of the labeled topic. */
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

  public void onLabeled() {
    labeled++;
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
