package io.distillery.filter.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counters in a {@code KeyValueStore<String, Long>} with a copy in memory and their sum, so that
 * adding to a counter costs one write to the store and reading any counter or the total costs none.
 * The copy is loaded from the whole store when the processor is initialised (a task started, moved
 * or revived after an aborted transaction, once the store has been restored from its changelog);
 * only the processor that owns the store writes it, so the copy stays equal to the store.
 *
 * <p>Earlier versions of the filter kept the total under its own key and read it instead of summing
 * the counters. So that a filter rolled back, or an old instance during a rolling upgrade, does not
 * judge shares against a total that stopped growing (and rejects every class as over its cap),
 * {@link #writeTotal()} writes the sum there; the processor calls it every second. Keys outside
 * {@code prefix} are not counted.
 */
final class Counts {

  private final KeyValueStore<String, Long> store;
  private final String prefix;
  private final String totalKey;
  private final Map<String, Long> counts = new HashMap<>();
  private long total;
  private long totalWritten = -1;

  /**
   * Counters under {@code prefix}, whose sum {@link #writeTotal()} writes under {@code totalKey}.
   */
  Counts(KeyValueStore<String, Long> store, String prefix, String totalKey) {
    this.store = store;
    this.prefix = prefix;
    this.totalKey = totalKey;
    try (KeyValueIterator<String, Long> all = store.all()) {
      all.forEachRemaining(
          entry -> {
            if (entry.key.startsWith(prefix) && entry.value != null) {
              counts.put(entry.key.substring(prefix.length()), entry.value);
              total += entry.value;
            }
          });
    }
  }

  /** The counter's value, 0 when it was never written. */
  long get(String key) {
    return counts.getOrDefault(key, 0L);
  }

  /** The sum of every counter. */
  long total() {
    return total;
  }

  /** Adds one to the counter. */
  void increment(String key) {
    long next = get(key) + 1;
    store.put(prefix + key, next);
    counts.put(key, next);
    total++;
  }

  /** Writes the sum of the counters under the total's key, when it changed since the last time. */
  void writeTotal() {
    if (total != totalWritten) {
      store.put(totalKey, total);
      totalWritten = total;
    }
  }
}
