package io.distillery.filter.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counters in a {@code KeyValueStore<String, Long>} with a read-through copy in memory, so that
 * adding to a counter costs one write to the store instead of a read and a write. Only the
 * processor that owns the store writes it, so the copy stays equal to the store; it is dropped
 * whenever the processor is initialised (a task started, moved or revived after an aborted
 * transaction, when the store has been restored from its changelog).
 */
final class Counts {

  private final KeyValueStore<String, Long> store;
  private final Map<String, Long> known = new HashMap<>();

  Counts(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  /** The counter's value, 0 when it was never written. */
  long get(String key) {
    Long value = known.get(key);
    if (value == null) {
      Long stored = store.get(key);
      value = stored == null ? 0L : stored;
      known.put(key, value);
    }
    return value;
  }

  /** Adds one to the counter. */
  void increment(String key) {
    long next = get(key) + 1;
    known.put(key, next);
    store.put(key, next);
  }
}
