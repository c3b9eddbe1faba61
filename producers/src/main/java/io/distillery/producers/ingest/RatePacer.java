package io.distillery.producers.ingest;

import java.util.function.LongSupplier;

/**
 * Spaces sends to at most a given rate: each call to {@link #acquire()} waits until its slot, one
 * interval after the previous one. A caller that falls behind never bursts to catch up.
 */
public final class RatePacer {

  /** How a pacer waits; a test passes one that advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits {@code nanos} nanoseconds. */
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private long nextSlot = Long.MIN_VALUE;

  /** A pacer at {@code perSecond} records/s (0 = unlimited) on the given clock. */
  public RatePacer(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (perSecond < 0 || Double.isNaN(perSecond)) {
      throw new IllegalArgumentException("rate must be >= 0 records/s, got " + perSecond);
    }
    this.intervalNanos = perSecond == 0 ? 0 : Math.max(1, Math.round(1e9 / perSecond));
    this.clock = nanoClock;
    this.sleeper = sleeper;
  }

  /** A pacer on the system clock; 0 means unlimited. */
  public static RatePacer perSecond(double perSecond) {
    return new RatePacer(
        perSecond,
        System::nanoTime,
        nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos));
  }

  /** Waits for the next slot. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long now = clock.getAsLong();
    if (nextSlot < now) {
      nextSlot = now;
    }
    if (nextSlot > now) {
      sleeper.sleepNanos(nextSlot - now);
    }
    nextSlot += intervalNanos;
  }
}
