package io.distillery.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  private static final String SCRAPE =
      """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="Eden Space",stage="labeler"} 1.2E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace",stage="labeler"} 5.0E7
      jvm_memory_used_bytes{area="heap",id="Tenured Gen",stage="labeler"} 3000000.0
      jvm_memory_used_bytes_total{area="heap"} 99.0
      jvm_memory_max_bytes{area="heap",id="Eden Space",stage="labeler"} 1.0E8
      labeler_note{text="a \\"quoted\\", area=\\"heap\\"",area="nonheap"} 7.0
      process_uptime_seconds 12.5 1700000000000
      """;

  @Test
  void shouldSumTheHeapPoolsOfAMetric() {
    assertThat(PrometheusText.sum(SCRAPE, "jvm_memory_used_bytes", Map.of("area", "heap")))
        .isEqualTo(1.5e7);
  }

  @Test
  void shouldReadAMetricWithoutLabelsAndWithATimestamp() {
    assertThat(PrometheusText.sum(SCRAPE, "process_uptime_seconds", Map.of())).isEqualTo(12.5);
  }

  @Test
  void shouldNotBeFooledByEscapedQuotesInsideALabelValue() {
    assertThat(PrometheusText.sum(SCRAPE, "labeler_note", Map.of("area", "heap"))).isNaN();
    assertThat(PrometheusText.sum(SCRAPE, "labeler_note", Map.of("area", "nonheap")))
        .isEqualTo(7.0);
  }

  @Test
  void shouldAnswerNanWhenNothingMatches() {
    assertThat(PrometheusText.sum(SCRAPE, "jvm_gc_pause_seconds", Map.of())).isNaN();
    assertThat(PrometheusText.sum("", "jvm_memory_used_bytes", Map.of())).isNaN();
  }
}
