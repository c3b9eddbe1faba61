package io.distillery.monitor.model;

import java.util.HashMap;
import java.util.Map;

/** Turns successive end offsets of topics into rates; not thread-safe. */
public final class RateTracker {

  private final Map<String, long[]> previous = new HashMap<>();

  /**
   * The rate of {@code topic} given its end offset observed at {@code atMillis}.
   *
   * @return offsets per second since the previous observation of the topic, 0 on the first
   */
  public TopicRate observe(String topic, long endOffset, long atMillis) {
    long[] last = previous.put(topic, new long[] {endOffset, atMillis});
    if (last == null || atMillis <= last[1]) {
      return new TopicRate(topic, endOffset, 0.0);
    }
    double seconds = (atMillis - last[1]) / 1000.0;
    return new TopicRate(topic, endOffset, Math.max(0, endOffset - last[0]) / seconds);
  }
}
