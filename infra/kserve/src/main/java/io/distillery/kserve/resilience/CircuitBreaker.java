package io.distillery.kserve.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A per-server circuit breaker. After {@code failureThreshold} consecutive failures it opens and
 * refuses calls for {@code openDuration}; then it lets one probe through (half-open): a success
 * closes it, a failure opens it again. Thread-safe.
 */
public final class CircuitBreaker {

  /** The breaker's state. */
  public enum State {
    /** Calls flow. */
    CLOSED,
    /** Calls are refused until the open period ends. */
    OPEN,
    /** One probe call is in flight; others are refused. */
    HALF_OPEN
  }

  private final int failureThreshold;
  private final long openNanos;
  private final LongSupplier clock;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private long openedAt;

  /**
   * A closed breaker.
   *
   * @param failureThreshold consecutive failures that open it, at least 1
   * @param openDuration how long it stays open before a probe
   * @param clock nanosecond clock, e.g. {@code System::nanoTime}
   */
  public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1, got " + failureThreshold);
    }
    this.failureThreshold = failureThreshold;
    this.openNanos = openDuration.toNanos();
    this.clock = clock;
  }

  /** Whether a call may go now; moving from open to half-open lets exactly one probe through. */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (clock.getAsLong() - openedAt >= openNanos) {
          state = State.HALF_OPEN;
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  /** Whether a call would be allowed, without taking the half-open probe. */
  public synchronized boolean available() {
    return state == State.CLOSED
        || (state == State.OPEN && clock.getAsLong() - openedAt >= openNanos);
  }

  /** Records a successful call: closes the breaker. */
  public synchronized void onSuccess() {
    consecutiveFailures = 0;
    state = State.CLOSED;
  }

  /** Records a failed call (a server-side, retriable failure). */
  public synchronized void onFailure() {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openedAt = clock.getAsLong();
    }
  }

  /** Opens the breaker at once, e.g. when a health check says the server is not ready. */
  public synchronized void trip() {
    state = State.OPEN;
    openedAt = clock.getAsLong();
  }

  /** The current state. */
  public synchronized State state() {
    return state;
  }
}
