package io.distillery.bench.memory;

import java.util.List;

/**
 * The statistics of one stage's memory samples over its measuring window: the resident set after
 * warm-up (the first sample at or after a share of the window) as the baseline, and the largest
 * resident set in the window's last half as the value, so growth is value / baseline.
 */
final class MemoryWindow {

  /**
   * One sample.
   *
   * @param seconds since the window began
   * @param rssBytes the process's resident set
   * @param heapBytes its heap in use, NaN when unknown
   * @param heapCommittedBytes its heap committed, NaN when unknown
   * @param nonHeapBytes its non-heap pools in use (metaspace, code cache), NaN when unknown
   * @param processed input records the stage had committed so far
   * @param backlog input records it had still to process
   */
  record Sample(
      double seconds,
      long rssBytes,
      double heapBytes,
      double heapCommittedBytes,
      double nonHeapBytes,
      long processed,
      long backlog) {}

  /**
   * What the window shows.
   *
   * @param baseline the warm-up sample
   * @param maxRssLastHalf the largest resident set in the last half
   * @param seconds the window's length (first to last sample)
   * @param processed records processed from the first sample to the last
   * @param backlogLeft records left in the backlog at the last sample
   */
  record Stats(
      Sample baseline, long maxRssLastHalf, double seconds, long processed, long backlogLeft) {

    /** Resident-set growth: largest in the last half over the warm-up figure. */
    double growth() {
      return (double) maxRssLastHalf / baseline.rssBytes();
    }
  }

  private MemoryWindow() {}

  /**
   * The statistics of {@code samples} (in time order, at least three), the baseline taken at {@code
   * warmUpShare} of the window.
   */
  static Stats of(List<Sample> samples, double warmUpShare) {
    if (samples.size() < 3) {
      throw new IllegalArgumentException("need at least 3 samples, got " + samples.size());
    }
    if (!(warmUpShare > 0 && warmUpShare < 0.5)) {
      throw new IllegalArgumentException("warm-up share must be in (0, 0.5)");
    }
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    double length = last.seconds() - first.seconds();
    Sample baseline =
        samples.stream()
            .filter(s -> s.seconds() - first.seconds() >= warmUpShare * length)
            .findFirst()
            .orElse(last);
    long maxRss = 0;
    for (Sample s : samples) {
      if (s.seconds() - first.seconds() >= 0.5 * length) {
        maxRss = Math.max(maxRss, s.rssBytes());
      }
    }
    return new Stats(
        baseline, maxRss, length, last.processed() - first.processed(), last.backlog());
  }
}
