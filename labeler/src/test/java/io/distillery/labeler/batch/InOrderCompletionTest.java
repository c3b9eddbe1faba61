package io.distillery.labeler.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class InOrderCompletionTest {

  @Test
  void shouldHoldBackResultsUntilEarlierOffsetsComplete() {
    InOrderCompletion<String> c = new InOrderCompletion<>();
    c.track(10);
    c.track(11);
    c.track(12);
    c.complete(12, "c");
    c.complete(11, "b");
    assertThat(c.release()).isEmpty();
    assertThat(c.heldCount()).isEqualTo(2);
    c.complete(10, "a");
    assertThat(c.release()).extracting(Map.Entry::getValue).containsExactly("a", "b", "c");
    assertThat(c.pendingCount()).isZero();
  }

  @Test
  void shouldIgnoreResultsForOffsetsNotTracked() {
    InOrderCompletion<String> c = new InOrderCompletion<>();
    assertThat(c.complete(5, "stale")).isFalse();
    assertThat(c.release()).isEmpty();
  }

  @Property
  void shouldReleaseEveryOffsetOnceInOrderWhateverTheCompletionOrder(
      @ForAll @IntRange(max = 60) int n, @ForAll long seed) {
    InOrderCompletion<Long> c = new InOrderCompletion<>();
    List<Long> offsets = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      c.track(100 + i);
      offsets.add(100 + i);
    }
    Collections.shuffle(offsets, new Random(seed));
    List<Long> released = new ArrayList<>();
    for (long o : offsets) {
      c.complete(o, o);
      c.release().forEach(e -> released.add(e.getKey()));
    }
    assertThat(released).hasSize(n).isSorted().doesNotHaveDuplicates();
  }
}
