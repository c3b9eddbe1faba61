package io.distillery.labeler.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups items into micro-batches: a batch is ready when it holds {@code maxBatchSize} items or its
 * oldest item has waited {@code linger}. Time is passed in (nanoseconds), so the policy is tested
 * without clocks. Not thread-safe: one owner thread.
 *
 * @param <T> the item type
 */
public final class MicroBatcher<T> {

  private final int maxBatchSize;
  private final long lingerNanos;
  private List<T> open = new ArrayList<>();
  private long openedAtNanos;

  /** A batcher cutting batches by {@code policy}'s size and linger. */
  public MicroBatcher(BatchPolicy policy) {
    this.maxBatchSize = policy.maxBatchSize();
    this.lingerNanos = policy.linger().toNanos();
  }

  /** Adds an item; returns the batch it completed, or an empty list. */
  public List<T> add(T item, long nowNanos) {
    if (open.isEmpty()) {
      openedAtNanos = nowNanos;
    }
    open.add(item);
    return open.size() >= maxBatchSize ? cut() : List.of();
  }

  /** The open batch if its linger has expired at {@code nowNanos}, else an empty list. */
  public List<T> expired(long nowNanos) {
    return !open.isEmpty() && nowNanos - openedAtNanos >= lingerNanos ? cut() : List.of();
  }

  /** The open batch, whatever its age (e.g. before a commit or on shutdown). */
  public List<T> flush() {
    return open.isEmpty() ? List.of() : cut();
  }

  /** Nanoseconds until the open batch expires at {@code nowNanos}, or -1 if none is open. */
  public long nanosUntilExpiry(long nowNanos) {
    return open.isEmpty() ? -1 : Math.max(0, openedAtNanos + lingerNanos - nowNanos);
  }

  /** Items waiting in the open batch. */
  public int pending() {
    return open.size();
  }

  /** Drops the open batch's items matching {@code drop} (e.g. of revoked partitions). */
  public void removeIf(java.util.function.Predicate<T> drop) {
    open.removeIf(drop);
  }

  private List<T> cut() {
    List<T> batch = open;
    open = new ArrayList<>();
    return batch;
  }
}
