package io.distillery.monitor.metrics;

import io.distillery.monitor.model.DeadLetterCount;
import io.distillery.monitor.model.PartitionLag;
import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.model.TopicRate;
import io.distillery.monitor.model.VersionView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The monitor's cluster view as Prometheus metrics, refreshed from each {@link Snapshot}. Lag
 * metrics carry kafka-lag-exporter's names and labels ({@code kafka_consumergroup_group_lag},
 * {@code kafka_consumergroup_group_lag_seconds}, {@code kafka_consumergroup_group_offset}, {@code
 * kafka_partition_latest_offset}, labels {@code group}, {@code topic}, {@code partition}), so its
 * dashboards and alerts work; the rest is {@code distillery_*}. Partitions and groups that
 * disappear are dropped from the next scrape.
 */
public final class MonitorMetrics {

  private final MultiGauge lag;
  private final MultiGauge lagSeconds;
  private final MultiGauge offset;
  private final MultiGauge latest;
  private final MultiGauge status;
  private final MultiGauge records;
  private final MultiGauge rate;
  private final MultiGauge acceptance;
  private final MultiGauge deadLetters;
  private final MultiGauge version;
  private final MultiGauge studentMetric;

  /** Registers the metrics in {@code registry}; they hold no value until {@link #update}. */
  public MonitorMetrics(MeterRegistry registry) {
    lag =
        gauge(
            registry,
            "kafka.consumergroup.group.lag",
            "Records a consumer group has still to read on a partition (end offset minus committed"
                + " offset, as kafka-consumer-groups reports it)");
    lagSeconds =
        gauge(
            registry,
            "kafka.consumergroup.group.lag.seconds",
            "How long the oldest record a consumer group has not consumed on a partition has been"
                + " waiting: now minus its Kafka timestamp (measured, not interpolated); 0 when caught"
                + " up, absent while unknown");
    offset =
        gauge(
            registry,
            "kafka.consumergroup.group.offset",
            "The offset a consumer group last committed on a partition");
    latest =
        gauge(
            registry,
            "kafka.partition.latest.offset",
            "The partition's end offset for read_committed readers (last stable offset)");
    status =
        gauge(
            registry,
            "distillery.consumergroup.partition.status",
            "How a consumer group fares on a partition over the stall window: 0 OK, 1 WARN (lag"
                + " grew over the whole window), 2 STALL (committed offset did not move while lag"
                + " stayed), 3 STOP (the same, no members)");
    records =
        gauge(
            registry,
            "distillery.topic.records",
            "Records in a task's topic (read for topics written in transactions, offsets otherwise)");
    rate =
        gauge(
            registry,
            "distillery.topic.records.per.second",
            "Records appended to a task's topic per second since the previous refresh");
    acceptance =
        gauge(
            registry,
            "distillery.filter.acceptance.ratio",
            "Share of the filter's decisions that accepted the record (ACCEPT or SOFT)");
    deadLetters =
        gauge(
            registry,
            "distillery.dead.letter.records",
            "Records in the task's dead-letter topic, per stage that wrote them and kind of error"
                + " (error_type)");
    version =
        gauge(
            registry,
            "distillery.student.version",
            "The newest student version announced on the task's versions topic, with its status"
                + " (PUBLISHED, or ROLLED_BACK while a rollback serves)");
    studentMetric =
        gauge(
            registry,
            "distillery.student.quality",
            "The evaluation metric of the newest student version (label metric: accuracy, wer...)");
  }

  private static MultiGauge gauge(MeterRegistry registry, String name, String help) {
    return MultiGauge.builder(name).description(help).register(registry);
  }

  /** Replaces every value with the snapshot's. */
  public void update(Snapshot snapshot) {
    List<MultiGauge.Row<?>> lagRows = new ArrayList<>();
    List<MultiGauge.Row<?>> lagSecondsRows = new ArrayList<>();
    List<MultiGauge.Row<?>> offsetRows = new ArrayList<>();
    List<MultiGauge.Row<?>> latestRows = new ArrayList<>();
    List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
    List<MultiGauge.Row<?>> recordRows = new ArrayList<>();
    List<MultiGauge.Row<?>> rateRows = new ArrayList<>();
    List<MultiGauge.Row<?>> acceptanceRows = new ArrayList<>();
    List<MultiGauge.Row<?>> deadRows = new ArrayList<>();
    List<MultiGauge.Row<?>> versionRows = new ArrayList<>();
    List<MultiGauge.Row<?>> metricRows = new ArrayList<>();
    java.util.Set<String> partitions = new java.util.HashSet<>();
    for (TaskView task : snapshot.tasks()) {
      for (PartitionLag l : task.lag()) {
        Tags tags =
            Tags.of(
                "group",
                l.group(),
                "topic",
                l.topic(),
                "partition",
                Integer.toString(l.partition()));
        lagRows.add(MultiGauge.Row.of(tags, l.lag()));
        double seconds = l.lagSeconds(snapshot.takenAt());
        if (!Double.isNaN(seconds)) {
          lagSecondsRows.add(MultiGauge.Row.of(tags, seconds));
        }
        if (l.committed() >= 0) {
          offsetRows.add(MultiGauge.Row.of(tags, l.committed()));
        }
        statusRows.add(MultiGauge.Row.of(tags, l.status().value()));
        if (partitions.add(l.topic() + "/" + l.partition())) {
          latestRows.add(
              MultiGauge.Row.of(
                  Tags.of("topic", l.topic(), "partition", Integer.toString(l.partition())),
                  l.end()));
        }
      }
      for (TopicRate t : task.topics()) {
        Tags tags = Tags.of("task", task.task(), "topic", t.topic());
        recordRows.add(MultiGauge.Row.of(tags, t.records()));
        rateRows.add(MultiGauge.Row.of(tags, t.perSecond()));
      }
      Tags taskTag = Tags.of("task", task.task());
      if (task.accepted() + task.rejected() > 0) {
        acceptanceRows.add(MultiGauge.Row.of(taskTag, task.acceptanceRate()));
      }
      for (DeadLetterCount kind : task.deadLettersByKind()) {
        deadRows.add(
            MultiGauge.Row.of(
                taskTag.and("stage", kind.stage(), "error_type", kind.errorType()), kind.count()));
      }
      if (!task.versions().isEmpty()) {
        VersionView newest = task.versions().get(task.versions().size() - 1);
        versionRows.add(
            MultiGauge.Row.of(taskTag.and("status", newest.status()), newest.version()));
        for (Map.Entry<String, Double> m : newest.metrics().entrySet()) {
          metricRows.add(MultiGauge.Row.of(taskTag.and("metric", m.getKey()), m.getValue()));
        }
      }
    }
    lag.register(lagRows, true);
    lagSeconds.register(lagSecondsRows, true);
    offset.register(offsetRows, true);
    latest.register(latestRows, true);
    status.register(statusRows, true);
    records.register(recordRows, true);
    rate.register(rateRows, true);
    acceptance.register(acceptanceRows, true);
    deadLetters.register(deadRows, true);
    version.register(versionRows, true);
    studentMetric.register(metricRows, true);
  }
}
