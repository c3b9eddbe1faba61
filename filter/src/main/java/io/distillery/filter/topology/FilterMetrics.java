package io.distillery.filter.topology;

import io.distillery.schemas.avro.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The filter's Micrometer meters, tagged task and stage: {@code distillery.filter.records}
 * (counter, tag decision), {@code distillery.filter.dead.letters} (counter, tag error) and {@code
 * distillery.filter.score} (distribution summary, tag score). Each meter is looked up in the
 * registry once and kept: the filter counts several per record. Thread-confined, as its processor.
 */
final class FilterMetrics {

  private final MeterRegistry registry;
  private final String task;
  private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);
  private final Map<String, DistributionSummary> scoreSummaries = new HashMap<>();
  private final Map<String, Counter> deadLetters = new HashMap<>();

  FilterMetrics(MeterRegistry registry, String task) {
    this.registry = registry;
    this.task = task;
  }

  void decided(Decision decision, Map<String, Double> scores) {
    decisions
        .computeIfAbsent(
            decision,
            d ->
                Counter.builder("distillery.filter.records")
                    .description("Labeled records the filter decided on")
                    .tags(
                        "task",
                        task,
                        "stage",
                        "filter",
                        "decision",
                        d.name().toLowerCase(Locale.ROOT))
                    .register(registry))
        .increment();
    scores.forEach(
        (name, value) ->
            scoreSummaries
                .computeIfAbsent(
                    name,
                    n ->
                        DistributionSummary.builder("distillery.filter.score")
                            .description("Scores of decided records")
                            .tags("task", task, "stage", "filter", "score", n)
                            .register(registry))
                .record(value));
  }

  void deadLettered(String errorType) {
    deadLetters
        .computeIfAbsent(
            errorType,
            e ->
                Counter.builder("distillery.filter.dead.letters")
                    .description("Records the filter sent to the dead-letter topic")
                    .tags("task", task, "stage", "filter", "error", e)
                    .register(registry))
        .increment();
  }
}
