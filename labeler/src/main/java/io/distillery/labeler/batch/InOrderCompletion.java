package io.distillery.labeler.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Releases results of one partition in offset order: a result completed out of order waits until
 * every earlier offset has completed. Only released results are written, and the committed offset
 * is the one after the last released, so a crash never writes a result whose offset is not
 * committed with it. Not thread-safe: one owner thread.
 *
 * @param <R> the result type
 */
public final class InOrderCompletion<R> {

  private final TreeMap<Long, R> completed = new TreeMap<>();
  private final TreeMap<Long, Boolean> pending = new TreeMap<>();

  /** Registers an offset taken in, before its result exists. */
  public void track(long offset) {
    pending.put(offset, Boolean.TRUE);
  }

  /** Stores the result of a tracked offset; ignored if the offset is not tracked (stale). */
  public boolean complete(long offset, R result) {
    if (pending.remove(offset) == null) {
      return false;
    }
    completed.put(offset, result);
    return true;
  }

  /** Results whose offsets and all earlier tracked offsets are complete, in offset order. */
  public List<Map.Entry<Long, R>> release() {
    List<Map.Entry<Long, R>> out = new ArrayList<>();
    Long firstPending = pending.isEmpty() ? null : pending.firstKey();
    while (!completed.isEmpty() && (firstPending == null || completed.firstKey() < firstPending)) {
      out.add(completed.pollFirstEntry());
    }
    return out;
  }

  /** Forgets every tracked offset; returns the completed results that were held back. */
  public List<R> clear() {
    List<R> held = new ArrayList<>(completed.values());
    completed.clear();
    pending.clear();
    return held;
  }

  /** Offsets tracked and not yet completed. */
  public int pendingCount() {
    return pending.size();
  }

  /** Completed results held back by an earlier pending offset. */
  public int heldCount() {
    return completed.size();
  }
}
