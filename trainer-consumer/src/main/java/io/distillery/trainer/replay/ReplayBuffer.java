package io.distillery.trainer.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reservoir (Vitter's algorithm R) of past samples: after {@code n} offers, each offered sample
 * is held with probability {@code min(1, capacity / n)}. Batches draw from it at a fixed ratio to
 * keep old data in the mix and soften forgetting.
 *
 * @param <T> the sample type
 */
public final class ReplayBuffer<T> {

  private final int capacity;
  private final double ratio;
  private final Random random;
  private final List<T> held;
  private long offered;

  /**
   * @param capacity samples held at most (0 disables replay)
   * @param ratio replayed samples per fresh sample in a batch, e.g. 0.25
   * @param seed random seed, for reproducible runs
   */
  public ReplayBuffer(int capacity, double ratio, long seed) {
    if (capacity < 0 || ratio < 0 || Double.isNaN(ratio)) {
      throw new IllegalArgumentException("replay capacity and ratio must be non-negative");
    }
    this.capacity = capacity;
    this.ratio = ratio;
    this.random = new Random(seed);
    this.held = new ArrayList<>(Math.min(capacity, 1 << 16));
  }

  /** Offers a sample that was just trained. */
  public void offer(T sample) {
    offered++;
    if (held.size() < capacity) {
      held.add(sample);
      return;
    }
    long slot = (long) (random.nextDouble() * offered);
    if (slot < capacity) {
      held.set((int) slot, sample);
    }
  }

  /**
   * Replay samples to add to a batch of {@code freshCount} fresh ones: {@code round(freshCount *
   * ratio)} drawn uniformly with replacement, none when the buffer is empty.
   */
  public List<T> draw(int freshCount) {
    return sample((int) Math.round(freshCount * ratio));
  }

  /**
   * {@code n} samples drawn uniformly with replacement, whatever the ratio (replay-only steps);
   * none when the buffer is empty.
   */
  public List<T> sample(int n) {
    if (held.isEmpty()) {
      return List.of();
    }
    List<T> drawn = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      drawn.add(held.get(random.nextInt(held.size())));
    }
    return drawn;
  }

  /** Samples currently held. */
  public int size() {
    return held.size();
  }

  /** Samples offered so far. */
  public long offered() {
    return offered;
  }
}
