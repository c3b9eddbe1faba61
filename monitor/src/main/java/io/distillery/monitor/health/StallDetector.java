package io.distillery.monitor.health;

import io.distillery.monitor.model.PartitionLag;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates each group's partitions over a sliding window of samples (committed offset, lag, time),
 * with Burrow's rules as the anchor: lag 0 is {@link PartitionStatus#OK}; once the window spans its
 * full length, a committed offset that did not move while lag stayed above 0 is {@link
 * PartitionStatus#STOP} when the group has no members and {@link PartitionStatus#STALL} when it
 * has, and lag that only grew from the window's first sample to its last while the group committed
 * is {@link PartitionStatus#WARN}. A group that commits and keeps its lag level is OK, members or
 * not: a consumer that assigns its partitions itself (the trainer) is never a member, its commits
 * are what shows it alive, so a window shorter than its commit interval calls it stopped. Nothing
 * is judged before the window is full. Call from one thread.
 */
public final class StallDetector {

  private record Sample(long at, long committed, long lag) {}

  private final Duration window;
  private final Map<String, Deque<Sample>> samples = new HashMap<>();

  /** A detector judging over {@code window} (Burrow's default evaluates the last 10 commits). */
  public StallDetector(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the stall window must be > 0");
    }
    this.window = window;
  }

  /**
   * The status of every partition in {@code lag}, recording it as a new sample.
   *
   * @param membersByGroup whether each group has members; groups left out count as having some
   * @param now the sample's time, epoch millis
   */
  public Map<PartitionLag, PartitionStatus> evaluate(
      List<PartitionLag> lag, Map<String, Boolean> membersByGroup, long now) {
    Map<PartitionLag, PartitionStatus> out = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (PartitionLag p : lag) {
      String key = p.group() + "\u0000" + p.topic() + "\u0000" + p.partition();
      seen.add(key);
      Deque<Sample> history = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
      history.addLast(new Sample(now, p.committed(), p.lag()));
      // keep one sample at or before the window's start, so the window can be judged whole
      while (history.size() > 2 && now - secondOldest(history).at() >= window.toMillis()) {
        history.removeFirst();
      }
      out.put(p, status(history, membersByGroup.getOrDefault(p.group(), true), now));
    }
    samples.keySet().retainAll(seen);
    return out;
  }

  private PartitionStatus status(Deque<Sample> history, boolean hasMembers, long now) {
    Sample last = history.peekLast();
    if (last.lag() == 0) {
      return PartitionStatus.OK;
    }
    Sample first = history.peekFirst();
    if (now - first.at() < window.toMillis()) {
      return PartitionStatus.OK;
    }
    boolean moved = false;
    boolean lagAlways = true;
    boolean growing = true;
    long previousLag = -1;
    for (Sample s : history) {
      moved |= s.committed() != first.committed();
      lagAlways &= s.lag() > 0;
      growing &= s.lag() >= previousLag;
      previousLag = s.lag();
    }
    if (!moved && lagAlways) {
      return hasMembers ? PartitionStatus.STALL : PartitionStatus.STOP;
    }
    if (growing && last.lag() > first.lag()) {
      return PartitionStatus.WARN;
    }
    return PartitionStatus.OK;
  }

  private static Sample secondOldest(Deque<Sample> history) {
    var it = history.iterator();
    it.next();
    return it.next();
  }
}
