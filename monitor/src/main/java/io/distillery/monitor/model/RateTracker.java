package io.distillery.monitor.model;

import java.util.HashMap;
import java.util.Map;

/** Turns successive record counts of topics into rates; not thread-safe. */
public final class RateTracker {

  private final Map<String, long[]> previous = new HashMap<>();

  /**
   * The rate of {@code topic} given its record count observed at {@code atMillis}.
   *
   * @return records per second since the previous observation of the topic, 0 on the first
   */
  public TopicRate observe(String topic, long records, long atMillis) {
    long[] last = previous.put(topic, new long[] {records, atMillis});
    if (last == null || atMillis <= last[1]) {
      return new TopicRate(topic, records, 0.0);
    }
    double seconds = (atMillis - last[1]) / 1000.0;
    return new TopicRate(topic, records, Math.max(0, records - last[0]) / seconds);
  }
}
