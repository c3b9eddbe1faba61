package io.distillery.filter.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The balance cap's counters: what a filter sees again after a restart, and one write a record. */
class CountsTest {

  @AutoClose private KeyValueStore<String, Long> store;

  @BeforeEach
  void open() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("balance"), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
  }

  @Test
  void shouldCountOnlyTheClassesOfAStoreFilledBeforeARestart() {
    store.put("class/3", 200L);
    store.put("class/7", 5L);
    store.put("__total__", 999L); // the total an earlier version kept

    Counts counts = new Counts(store, "class/", "__total__");

    assertThat(counts.get("3")).isEqualTo(200);
    assertThat(counts.get("7")).isEqualTo(5);
    assertThat(counts.get("1")).isZero();
    assertThat(counts.total()).isEqualTo(205);
  }

  @Test
  void shouldWriteEachIncrementToTheStoreSoThatTheNextInstanceContinues() {
    Counts counts = new Counts(store, "class/", "__total__");
    counts.increment("3");
    counts.increment("3");
    counts.increment("en");

    assertThat(store.get("class/3")).isEqualTo(2);
    assertThat(store.get("class/en")).isEqualTo(1);
    assertThat(store.approximateNumEntries()).isEqualTo(2);
    Counts restarted = new Counts(store, "class/", "__total__");
    assertThat(restarted.total()).isEqualTo(3);
    assertThat(restarted.get("3")).isEqualTo(2);
  }

  @Test
  void shouldKeepTheTotalThatEarlierVersionsReadEqualToTheSum() {
    // an earlier filter reads __total__ as the total: rolled back, it must not judge shares
    // against a total that stopped growing
    store.put("class/3", 200L);
    store.put("__total__", 200L);
    Counts counts = new Counts(store, "class/", "__total__");
    counts.increment("7");
    counts.increment("7");

    counts.writeTotal();

    assertThat(store.get("__total__")).isEqualTo(202);
  }
}
