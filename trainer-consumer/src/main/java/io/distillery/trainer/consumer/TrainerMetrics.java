package io.distillery.trainer.consumer;

import io.distillery.trainer.engine.HealthProblem;
import io.distillery.trainer.engine.Metric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
  private final java.util.Map<HealthProblem, Counter> health =
      new java.util.EnumMap<>(HealthProblem.class);

  TrainerMetrics(MeterRegistry registry, String task) {
    String[] tags = {"task", task, "stage", "trainer"};
    deadLettered =
        Counter.builder("distillery.trainer.dead.lettered")
            .description("Accepted records the trainer could not use and dead-lettered")
            .tags(tags)
            .register(registry);
    samples =
        Counter.builder("distillery.trainer.samples")
            .description("Fresh accepted records trained on")
            .tags(tags)
            .register(registry);
    replayed =
        Counter.builder("distillery.trainer.samples.replayed")
            .description("Samples replayed from the reservoir")
            .tags(tags)
            .register(registry);
    steps =
        Timer.builder("distillery.trainer.step")
            .description("Time of one optimisation step")
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry);
    freshness =
        Timer.builder(FRESHNESS)
            .description("From a record's ingest time to the end of the step that trained it")
            .tags(tags)
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("distillery.trainer.loss", loss, AtomicReference::get)
        .description("Training loss of the last step")
        .tags(tags)
        .register(registry);
    for (HealthProblem problem : HealthProblem.values()) {
      health.put(
          problem,
          Counter.builder("distillery.trainer.health.events")
              .description(
                  "Student health problems caught: updates skipped, or checkpoints restored")
              .tags(tags)
              .tag("problem", problem.code())
              .register(registry));
    }
    Gauge.builder("distillery.trainer.evaluation", evaluation, AtomicReference::get)
        .description("The student's last held-out metric (accuracy, or WER for speech)")
        .tags(tags)
        .register(registry);
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

  void unhealthy(HealthProblem problem) {
    health.get(problem).increment();
  }

  void evaluated(Metric metric) {
    evaluation.set(metric.value());
  }
}
