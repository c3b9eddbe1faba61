package io.distillery.trainer.consumer;

import io.distillery.trainer.engine.Metric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The trainer's Micrometer meters, tagged with task and stage. */
final class TrainerMetrics {

  /** End-to-end freshness: ingest to trained, per fresh sample (p50 and p99 published). */
  static final String FRESHNESS = "distillery.trainer.freshness";

  final Counter deadLettered;
  private final Counter samples;
  private final Counter replayed;
  private final Timer steps;
  private final Timer freshness;
  private final AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> evaluation = new AtomicReference<>(Double.NaN);

  TrainerMetrics(MeterRegistry registry, String task) {
    String[] tags = {"task", task, "stage", "trainer"};
    deadLettered = registry.counter("distillery.trainer.dead.lettered", tags);
    samples = registry.counter("distillery.trainer.samples", tags);
    replayed = registry.counter("distillery.trainer.samples.replayed", tags);
    steps = registry.timer("distillery.trainer.step", tags);
    freshness =
        Timer.builder(FRESHNESS)
            .description("From a record's ingest time to the end of the step that trained it")
            .tags(tags)
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(registry);
    registry.gauge(
        "distillery.trainer.loss",
        io.micrometer.core.instrument.Tags.of(tags),
        loss,
        AtomicReference::get);
    registry.gauge(
        "distillery.trainer.evaluation",
        io.micrometer.core.instrument.Tags.of(tags),
        evaluation,
        AtomicReference::get);
  }

  void stepped(int fresh, int replayedCount, float lossValue, long nanos) {
    samples.increment(fresh);
    replayed.increment(replayedCount);
    steps.record(nanos, TimeUnit.NANOSECONDS);
    loss.set((double) lossValue);
  }

  void fresh(long nanos) {
    freshness.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  void evaluated(Metric metric) {
    evaluation.set(metric.value());
  }
}
