package io.distillery.kserve.resilience;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter bounds: attempt {@code n} (1-based) waits between half and
 * all of {@code min(max, initial * multiplier^(n-1))}.
 *
 * @param initial the first delay
 * @param max the largest delay
 * @param multiplier growth per attempt, at least 1
 */
public record Backoff(Duration initial, Duration max, double multiplier) {

  /** Validates at once. */
  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be > 0, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
  }

  /** The delay before retry number {@code attempt} (1 = first retry). */
  public Duration delay(int attempt, RandomGenerator random) {
    double ceiling =
        Math.min(max.toNanos(), initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1)));
    double jittered = ceiling / 2 + random.nextDouble() * ceiling / 2;
    return Duration.ofNanos((long) jittered);
  }
}
