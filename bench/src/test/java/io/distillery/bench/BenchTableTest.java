package io.distillery.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchTableTest {

  @Test
  void shouldRenderEachResultWithItsRatioAgainstTheBaseline() {
    BenchTable table = new BenchTable("2 cores");
    table.add(new BenchResult("labeler vs capacity", 3040, 3200, "records/s", 0.95, true, "20 ms"));
    table.add(new BenchResult("trainer memory", 300, 250, "MiB", Double.NaN, false, "backlog"));

    String md = table.toMarkdown();

    assertThat(md).contains("| labeler vs capacity | 3,040 records/s | 3,200 records/s | 0.950 |");
    assertThat(md).contains("| trainer memory | 300 MiB | 250 MiB | 1.200 | - |");
    assertThat(table.results().get(0).meetsGoal()).isTrue();
  }

  @Test
  void shouldShowABaselineFigureWithoutARatio() {
    BenchTable table = new BenchTable("2 cores");
    table.add(
        new BenchResult("kafka produce", 50_000, Double.NaN, "records/s", 0.9, true, "1 KiB"));

    assertThat(table.toMarkdown()).contains("| kafka produce | 50,000 records/s | - | - |");
    assertThat(table.results().get(0).meetsGoal()).isTrue();
  }

  @Test
  void shouldJudgeLowerIsBetterGoalsTheOtherWayRound() {
    assertThat(new BenchResult("p99", 12, 10, "ms", 1.1, false, "").meetsGoal()).isFalse();
    assertThat(new BenchResult("p99", 10.5, 10, "ms", 1.1, false, "").meetsGoal()).isTrue();
  }
}
