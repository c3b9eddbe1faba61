package io.distillery.filter.topology;

import io.distillery.schemas.avro.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * The filter's Micrometer meters, tagged task and stage: {@code distillery.filter.records}
 * (counter, tag decision), {@code distillery.filter.dead.letters} (counter, tag error) and {@code
 * distillery.filter.score} (distribution summary, tag score).
 */
final class FilterMetrics {

  private final MeterRegistry registry;
  private final String task;

  FilterMetrics(MeterRegistry registry, String task) {
    this.registry = registry;
    this.task = task;
  }

  void decided(Decision decision, Map<String, Double> scores) {
    Counter.builder("distillery.filter.records")
        .description("Labeled records the filter decided on")
        .tags("task", task, "stage", "filter", "decision", decision.name().toLowerCase())
        .register(registry)
        .increment();
    scores.forEach(
        (name, value) ->
            DistributionSummary.builder("distillery.filter.score")
                .description("Scores of decided records")
                .tags("task", task, "stage", "filter", "score", name)
                .register(registry)
                .record(value));
  }

  void deadLettered(String errorType) {
    Counter.builder("distillery.filter.dead.letters")
        .description("Records the filter sent to the dead-letter topic")
        .tags("task", task, "stage", "filter", "error", errorType)
        .register(registry)
        .increment();
  }
}
