package io.distillery.trainer.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

  @Property
  void shouldHoldAtMostItsCapacityAndOnlyOfferedSamples(
      @ForAll @IntRange(min = 0, max = 50) int capacity,
      @ForAll @IntRange(min = 0, max = 300) int offers,
      @ForAll @IntRange(min = 1, max = 64) int fresh) {
    ReplayBuffer<Integer> buffer = new ReplayBuffer<>(capacity, 0.5, 42);
    Set<Integer> offered = new HashSet<>();
    for (int i = 0; i < offers; i++) {
      buffer.offer(i);
      offered.add(i);
    }

    List<Integer> drawn = buffer.draw(fresh);

    assertThat(buffer.size()).isEqualTo(Math.min(capacity, offers));
    assertThat(buffer.offered()).isEqualTo(offers);
    assertThat(offered).containsAll(drawn);
    assertThat(drawn).hasSize(buffer.size() == 0 ? 0 : Math.round(fresh * 0.5f));
  }

  @Test
  void shouldKeepAnUnbiasedSampleOfTheWholeStream() {
    ReplayBuffer<Integer> buffer = new ReplayBuffer<>(1000, 1.0, 7);
    for (int i = 0; i < 100_000; i++) {
      buffer.offer(i);
    }
    List<Integer> drawn = buffer.draw(20_000);
    double mean = drawn.stream().mapToInt(Integer::intValue).average().orElseThrow();
    long fromFirstHalf = drawn.stream().filter(v -> v < 50_000).count();

    // A reservoir biased towards recent samples would put the mean well above 50,000.
    assertThat(mean).isBetween(45_000.0, 55_000.0);
    assertThat(fromFirstHalf).isBetween(8_000L, 12_000L);
  }

  @Test
  void shouldDrawNothingWhenReplayIsDisabled() {
    ReplayBuffer<Integer> buffer = new ReplayBuffer<>(0, 0.25, 1);
    buffer.offer(1);

    assertThat(buffer.draw(32)).isEmpty();
  }
}
