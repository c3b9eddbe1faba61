package io.distillery.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.bench.memory.MemoryWindow.Sample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryWindowTest {

  private static final long MIB = 1 << 20;

  /** Eleven samples one second apart, RSS {@code rss[i]} MiB, 100 records processed per second. */
  private static List<Sample> samples(long... rss) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < rss.length; i++) {
      out.add(
          new Sample(
              i,
              rss[i] * MIB,
              i * 10.0 * MIB,
              256.0 * MIB,
              40.0 * MIB,
              500 + 100L * i,
              10_000 - 100L * i));
    }
    return out;
  }

  @Test
  void shouldTakeTheBaselineAfterWarmUpAndTheMaximumOfTheLastHalf() {
    MemoryWindow.Stats stats =
        MemoryWindow.of(samples(100, 150, 200, 210, 205, 220, 230, 215, 212, 211, 209), 0.2);

    assertThat(stats.baseline().seconds()).isEqualTo(2);
    assertThat(stats.baseline().rssBytes()).isEqualTo(200 * MIB);
    assertThat(stats.maxRssLastHalf()).isEqualTo(230 * MIB);
    assertThat(stats.growth()).isEqualTo(1.15);
  }

  @Test
  void shouldIgnoreAPeakBeforeTheLastHalf() {
    MemoryWindow.Stats stats =
        MemoryWindow.of(samples(100, 100, 100, 400, 100, 100, 100, 100, 100, 100, 100), 0.2);

    assertThat(stats.growth()).isEqualTo(1.0);
  }

  @Test
  void shouldCountRecordsProcessedOverTheWindowAndTheBacklogLeft() {
    MemoryWindow.Stats stats = MemoryWindow.of(samples(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), 0.2);

    assertThat(stats.seconds()).isEqualTo(10);
    assertThat(stats.processed()).isEqualTo(1_000);
    assertThat(stats.backlogLeft()).isEqualTo(9_000);
  }

  @Test
  void shouldMeasureFromTheFirstSampleWhenTheWindowDoesNotStartAtZero() {
    List<Sample> shifted = new ArrayList<>();
    long[] rss = {100, 120, 130, 140, 150};
    for (int i = 0; i < rss.length; i++) {
      shifted.add(new Sample(30 + 2 * i, rss[i] * MIB, Double.NaN, Double.NaN, Double.NaN, i, 0));
    }

    MemoryWindow.Stats stats = MemoryWindow.of(shifted, 0.2);

    assertThat(stats.baseline().rssBytes()).isEqualTo(120 * MIB);
    assertThat(stats.maxRssLastHalf()).isEqualTo(150 * MIB);
  }

  @Test
  void shouldRefuseTooFewSamples() {
    assertThatThrownBy(() -> MemoryWindow.of(samples(1, 2), 0.2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
