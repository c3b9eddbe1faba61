package io.distillery.trainer.consumer;

import io.distillery.trainer.engine.Metric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** The trainer's Micrometer meters, tagged with task and stage. */
final class TrainerMetrics {

  final Counter deadLettered;
  private final Counter samples;
  private final Counter replayed;
  private final Timer steps;
  private final AtomicReference<Double> loss = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> evaluation = new AtomicReference<>(Double.NaN);

  TrainerMetrics(MeterRegistry registry, String task) {
    String[] tags = {"task", task, "stage", "trainer"};
    deadLettered = registry.counter("distillery.trainer.dead.lettered", tags);
    samples = registry.counter("distillery.trainer.samples", tags);
    replayed = registry.counter("distillery.trainer.samples.replayed", tags);
    steps = registry.timer("distillery.trainer.step", tags);
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

  void evaluated(Metric metric) {
    evaluation.set(metric.value());
  }
}
