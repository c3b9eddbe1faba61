package io.distillery.labeler.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

  private static final long MS = 1_000_000L;

  @Test
  void shouldCutABatchWhenItReachesTheMaxSize() {
    MicroBatcher<Integer> batcher = new MicroBatcher<>(policy(3, 10));
    assertThat(batcher.add(1, 0)).isEmpty();
    assertThat(batcher.add(2, 0)).isEmpty();
    assertThat(batcher.add(3, 0)).containsExactly(1, 2, 3);
    assertThat(batcher.pending()).isZero();
  }

  @Test
  void shouldCutAPartialBatchWhenItsOldestItemHasLingered() {
    MicroBatcher<Integer> batcher = new MicroBatcher<>(policy(64, 10));
    batcher.add(1, 100 * MS);
    batcher.add(2, 105 * MS);
    assertThat(batcher.expired(109 * MS)).isEmpty();
    assertThat(batcher.nanosUntilExpiry(109 * MS)).isEqualTo(MS);
    assertThat(batcher.expired(110 * MS)).containsExactly(1, 2);
    assertThat(batcher.nanosUntilExpiry(110 * MS)).isEqualTo(-1);
  }

  @Property
  void shouldKeepEveryItemOnceAndInOrder(
      @ForAll @IntRange(min = 1, max = 10) int max, @ForAll @IntRange(max = 100) int count) {
    MicroBatcher<Integer> batcher = new MicroBatcher<>(policy(max, 5));
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Integer> batch = batcher.add(i, i * MS);
      assertThat(batch.size()).isIn(0, max);
      seen.addAll(batch);
      List<Integer> late = batcher.expired(i * MS);
      assertThat(late.size()).isLessThanOrEqualTo(max);
      seen.addAll(late);
    }
    seen.addAll(batcher.flush());
    assertThat(seen).hasSize(count).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void shouldRejectInvalidPolicies() {
    assertThatThrownBy(() -> policy(0, 1)).hasMessageContaining("maxBatchSize");
    assertThatThrownBy(() -> new BatchPolicy(1, Duration.ofMillis(-1), 1, 1))
        .hasMessageContaining("linger");
    assertThat(policy(64, 5).cappedAt(8).maxBatchSize()).isEqualTo(8);
    assertThat(policy(64, 5).cappedAt(0).maxBatchSize()).isEqualTo(1);
  }

  static BatchPolicy policy(int max, long lingerMs) {
    return new BatchPolicy(max, Duration.ofMillis(lingerMs), 4, 1 << 20);
  }
}
