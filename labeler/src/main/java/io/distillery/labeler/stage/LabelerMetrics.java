package io.distillery.labeler.stage;

import io.distillery.labeler.batch.InFlightBudget;
import io.distillery.labeler.inference.BatchInference;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;

/** The labeler's Micrometer meters, tagged with task and stage. */
final class LabelerMetrics {

  /** Records written to the labeled topic. */
  static final String LABELED = "distillery.labeler.records.labeled";

  /** Records dead-lettered, tagged by reason. */
  static final String DEAD = "distillery.labeler.records.dead";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter labeled;
  private final DistributionSummary batchSize;
  private final Timer commit;

  LabelerMetrics(MeterRegistry registry, String task, InFlightBudget budget) {
    this.registry = registry;
    this.tags = Tags.of("task", task, "stage", "labeler");
    this.labeled =
        Counter.builder(LABELED)
            .description("Records the labeler wrote to <task>.labeled")
            .tags(tags)
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("distillery.labeler.batch.records")
            .description("Records per micro-batch sent to the teachers")
            .tags(tags)
            .register(registry);
    this.commit =
        Timer.builder("distillery.labeler.commit")
            .description("Time to commit one transaction of finished batches with their offsets")
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("distillery.labeler.inflight.bytes", budget, InFlightBudget::bytesInFlight)
        .description("Payload bytes of the batches sent and not yet answered")
        .baseUnit(BaseUnits.BYTES)
        .tags(tags)
        .register(registry);
    Gauge.builder("distillery.labeler.inflight.batches", budget, InFlightBudget::batchesInFlight)
        .description("Batches sent to the teachers and not yet answered")
        .tags(tags)
        .register(registry);
  }

  /**
   * Counts the records labeled without the student's answer although a student is bound (it failed
   * or sent garbage), read from {@code inference}.
   */
  void studentMisses(java.util.concurrent.atomic.AtomicReference<BatchInference> inference) {
    io.micrometer.core.instrument.FunctionCounter.builder(
            "distillery.labeler.student.misses", inference, i -> i.get().studentMisses())
        .description("Records labeled without the bound student's answer (it failed)")
        .tags(tags)
        .register(registry);
  }

  void labeled() {
    labeled.increment();
  }

  void dead(DeadLetterReason reason) {
    Counter.builder(DEAD)
        .description("Records the labeler sent to <task>.dlq, by reason")
        .tags(tags.and("error", reason.code()))
        .register(registry)
        .increment();
  }

  void batchSent(int size) {
    batchSize.record(size);
  }

  void committed(Duration took) {
    commit.record(took);
  }
}
