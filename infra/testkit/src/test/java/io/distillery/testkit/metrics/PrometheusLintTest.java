package io.distillery.testkit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PrometheusLintTest {

  @Test
  void shouldFindWhatPromtoolWouldFlag() {
    String scrape =
        """
        # TYPE requests counter
        requests 3
        # HELP latency_milliseconds Latency.
        # TYPE latency_milliseconds gauge
        latency_milliseconds 12
        # HELP queue_total Queued.
        # TYPE queue_total gauge
        queue_total 1
        # HELP Batch_size Size.
        # TYPE Batch_size gauge
        Batch_size{Stage="x"} 2
        # HELP wait_seconds Wait.
        # TYPE wait_seconds histogram
        wait_seconds_bucket{le="1.0"} 1
        wait_seconds_count 1
        wait_seconds_sum 0.5
        untyped_thing 4
        """;

    assertThat(PrometheusLint.javaProblems(scrape))
        .contains(
            "requests: no help text",
            "requests: counter metrics should have \"_total\" suffix",
            "latency_milliseconds: use base units (seconds, bytes, ratios), not milliseconds",
            "queue_total: non-counter metrics should not have \"_total\" suffix",
            "Batch_size: metric names should be written in snake_case",
            "Batch_size: label Stage is not snake_case",
            "wait_seconds: histogram without its le=\"+Inf\" bucket",
            "untyped_thing: samples without a TYPE line");
  }

  @Test
  void shouldPassAMicrometerScrapeWithDescriptionsAndHistograms() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("distillery.test.records")
        .description("Records.")
        .register(registry)
        .increment();
    Timer.builder("distillery.test.call")
        .description("One call.")
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofMillis(30));
    Counter.builder("distillery.test.undescribed").register(registry).increment();

    assertThat(PrometheusLint.javaProblems(registry.scrape()))
        .containsExactly("distillery_test_undescribed_total: no help text");
  }

  @Test
  void shouldReportWhatPromtoolItselfPrintsWhereItIsInstalled() {
    // CI installs promtool (infra/scripts/install-prerequisites.sh); elsewhere the Java checks run
    Assumptions.assumeTrue(PrometheusLint.promtool().isPresent(), "promtool not found");
    String scrape =
        """
        # TYPE requests counter
        requests 3
        # HELP latency_milliseconds Latency.
        # TYPE latency_milliseconds gauge
        latency_milliseconds 12
        """;

    List<String> problems = PrometheusLint.problems(scrape);

    assertThat(problems)
        .contains(
            "promtool: requests no help text",
            "promtool: requests counter metrics should have \"_total\" suffix",
            "promtool: latency_milliseconds use base unit \"seconds\" instead of \"milliseconds\"")
        .anyMatch(p -> p.startsWith("promtool: exit status"))
        .contains("requests: no help text");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("distillery.test.records")
        .description("Records.")
        .register(registry)
        .increment();
    assertThat(PrometheusLint.problems(registry.scrape())).isEmpty();
  }
}
