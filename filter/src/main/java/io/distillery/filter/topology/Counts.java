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
 * only the processor that owns the store writes it, so the copy stays equal to the store. Keys
 * outside {@code prefix} (a total that an earlier version of the filter kept in the same store) are
 * left alone and not counted.
 */
final class Counts {

  private final KeyValueStore<String, Long> store;
  private final String prefix;
  private final Map<String, Long> counts = new HashMap<>();
  private long total;

  Counts(KeyValueStore<String, Long> store, String prefix) {
    this.store = store;
    this.prefix = prefix;
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
    counts.put(key, next);
    total++;
    store.put(prefix + key, next);
  }
}
