package io.distillery.labeler.stage;

import io.distillery.labeler.batch.InFlightBudget;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The labeler's Micrometer meters, tagged with task and stage. */
final class LabelerMetrics {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter labeled;
  private final DistributionSummary batchSize;
  private final Timer commit;

  LabelerMetrics(MeterRegistry registry, String task, InFlightBudget budget) {
    this.registry = registry;
    this.tags = Tags.of("task", task, "stage", "labeler");
    this.labeled = registry.counter("labeler.records.labeled", tags);
    this.batchSize =
        DistributionSummary.builder("labeler.batch.size").tags(tags).register(registry);
    this.commit = Timer.builder("labeler.commit.latency").tags(tags).register(registry);
    Gauge.builder("labeler.inflight.bytes", budget, InFlightBudget::bytesInFlight)
        .tags(tags)
        .register(registry);
    Gauge.builder("labeler.inflight.batches", budget, InFlightBudget::batchesInFlight)
        .tags(tags)
        .register(registry);
  }

  void labeled() {
    labeled.increment();
  }

  void dead(DeadLetterReason reason) {
    registry.counter("labeler.records.dead", tags.and("error", reason.code())).increment();
  }

  void batchSent(int size) {
    batchSize.record(size);
  }

  void committed(Duration took) {
    commit.record(took);
  }
}
