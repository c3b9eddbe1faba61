package io.distillery.bench;

import io.distillery.kafka.GroupProtocol;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Freshness while labeler instances join and leave: one labeler keeps running while a second joins
 * the group and leaves it again every few seconds (a deploy, a crash-restart, KEDA scaling), under
 * half of the teacher's capacity, once with the classic consumer-group protocol (every member stops
 * while the group rebalances) and once with the consumer protocol (KIP-848: only the partitions
 * that move stop). The baseline of each figure is the same figure of a quiet run (one labeler, no
 * churn, consumer protocol) in the same process, after an unreported warm-up run. Figures:
 * freshness p50, p99 and max (a raw record's ingest to its label seen committed; the max is the
 * longest a partition between owners held its records) and the longest stall (the longest time
 * between two polls of the labeled topic that brought labels: all partitions stopped at once).
 * Every run checks that each raw record was labeled exactly once.
 */
public final class RebalanceBench {

  /**
   * What to run.
   *
   * @param partitions partitions of the raw topic
   * @param serviceMillis the teacher's service time per batch of up to 64
   * @param feed how long records are fed at the paced rate
   * @param churnEvery how long the second instance stays, and how long it stays away
   * @param load the share of the teacher's measured capacity fed
   */
  public record Settings(
      int partitions, long serviceMillis, Duration feed, Duration churnEvery, double load) {

    /** Validates at once. */
    public Settings {
      if (partitions < 2 || serviceMillis < 1 || load <= 0 || load >= 1) {
        throw new IllegalArgumentException("need 2+ partitions, serviceMillis >= 1, 0 < load < 1");
      }
      if (churnEvery.isNegative() || churnEvery.compareTo(feed) >= 0) {
        throw new IllegalArgumentException("churn must come more often than the feed lasts");
      }
    }

    /** 4 partitions, a 20 ms teacher, 40 s at half load, a join or a leave every 4 s. */
    public static Settings defaults() {
      return new Settings(4, 20, Duration.ofSeconds(40), Duration.ofSeconds(4), 0.5);
    }

    /** A quick check that the benchmark works: 12 s of feed, churn every 3 s. */
    public static Settings small() {
      return new Settings(4, 20, Duration.ofSeconds(12), Duration.ofSeconds(3), 0.5);
    }
  }

  /** One run's figures. */
  private record Run(
      String name,
      double p50,
      double p99,
      double max,
      double stall,
      int joins,
      String perLabeler) {}

  private static final int MAX_BATCH = 64;

  private RebalanceBench() {}

  /** Runs the quiet run and both churning runs on one broker under {@code workDir}. */
  public static List<BenchResult> run(Settings s, Path workDir) throws Exception {
    Path models = workDir.resolve("rebalance-models");
    BenchTeacher.write(models, MAX_BATCH, s.serviceMillis(), 2_000);
    try (InProcessPipeline pipeline =
        new InProcessPipeline(
            workDir.resolve("rebalance"), models, 0, s.partitions(), new SimpleMeterRegistry())) {
      double capacity =
          TeacherCapacity.rowsPerSecond(
              pipeline.server().port(), MAX_BATCH, 4, Duration.ofSeconds(1), Duration.ofSeconds(3));
      double rate = capacity * s.load();
      // the first run in the process times the JIT compiler more than the labeler: not reported
      run(pipeline, s, rate, GroupProtocol.CONSUMER, false, "warm-up");
      Run quiet = run(pipeline, s, rate, GroupProtocol.CONSUMER, false, "quiet");
      Run classic = run(pipeline, s, rate, GroupProtocol.CLASSIC, true, "classic");
      Run consumer = run(pipeline, s, rate, GroupProtocol.CONSUMER, true, "consumer");
      Run slowHeartbeats;
      try (InProcessPipeline kafkaDefaults =
          new InProcessPipeline(
              workDir.resolve("rebalance-5s"),
              models,
              0,
              s.partitions(),
              new SimpleMeterRegistry(),
              Map.of("group.consumer.heartbeat.interval.ms", "5000"))) {
        slowHeartbeats =
            run(kafkaDefaults, s, rate, GroupProtocol.CONSUMER, true, "consumer-5s-heartbeats");
      }
      String setup =
          String.format(
              Locale.ROOT,
              "%,.0f records/s for %d s (%.0f%% of the teacher's %,.0f), %d partitions, one"
                  + " labeler steady and one joining and leaving every %d s; heartbeats every"
                  + " second under both protocols (the client's heartbeat.interval.ms, the"
                  + " broker's group.consumer.heartbeat.interval.ms)",
              rate,
              s.feed().toSeconds(),
              100 * s.load(),
              capacity,
              s.partitions(),
              s.churnEvery().toSeconds());
      List<BenchResult> results = new ArrayList<>();
      for (Run churn : List.of(classic, consumer, slowHeartbeats)) {
        String note =
            String.format(
                Locale.ROOT,
                "%s; run %s%s, %d joins; labels per instance %s; baseline: the quiet run"
                    + " (one labeler, no churn; labels %s)",
                setup,
                churn.name(),
                churn == slowHeartbeats
                    ? " (a second broker at Kafka's default group.consumer.heartbeat.interval.ms"
                        + " of 5 s)"
                    : "",
                churn.joins(),
                churn.perLabeler(),
                quiet.perLabeler());
        results.add(
            row("freshness p50 under churn, " + churn.name(), churn.p50(), quiet.p50(), note));
        results.add(
            row("freshness p99 under churn, " + churn.name(), churn.p99(), quiet.p99(), note));
        results.add(
            row(
                "freshness max under churn, " + churn.name(),
                churn.max(),
                quiet.max(),
                note
                    + "; the longest any record waited, e.g. on a partition between owners;"
                    + " target under 2,000 ms with the consumer protocol"));
        results.add(
            row(
                "longest stall under churn, " + churn.name(),
                churn.stall(),
                quiet.stall(),
                note + "; target under 2,000 ms with the consumer protocol"));
      }
      return results;
    }
  }

  private static BenchResult row(String name, double value, double baseline, String note) {
    return new BenchResult(name, value, baseline, "ms", Double.NaN, false, note);
  }

  private static Run run(
      InProcessPipeline pipeline,
      Settings s,
      double rate,
      GroupProtocol protocol,
      boolean churn,
      String name)
      throws Exception {
    PipelineTask task = BenchTeacher.task("bench-rebalance-" + name);
    TaskTopics topics = pipeline.topics(task);
    LabelerConfig steady = config(pipeline, task, protocol, "steady");
    LabelerConfig joiner = config(pipeline, task, protocol, "joiner");
    String bootstrap = pipeline.bootstrapServers();
    int records = (int) (rate * s.feed().toMillis() / 1000);
    LabelArrivals arrivals = new LabelArrivals(records);
    AtomicInteger joins = new AtomicInteger();
    CommittedTail.Seen seen;
    try (CommittedTail tail = new CommittedTail(bootstrap, topics.labeled(), s.partitions())) {
      LabelerStage first = pipeline.startLabeler(steady);
      CompletableFuture<Void> feed =
          CompletableFuture.runAsync(
              () -> BenchImages.produce(bootstrap, topics.task(), topics.raw(), records, rate));
      CompletableFuture<Void> churning =
          churn
              ? CompletableFuture.runAsync(() -> churn(pipeline, joiner, s, feed, joins))
              : CompletableFuture.completedFuture(null);
      seen = tail.await(records, Duration.ofMinutes(5), arrivals);
      feed.get(1, TimeUnit.MINUTES);
      churning.get(1, TimeUnit.MINUTES);
      if (first.failure() != null) {
        throw new IllegalStateException("the steady labeler failed", first.failure());
      }
      pipeline.stop(first);
    }
    seen.requireExactlyOnce(records, name);
    return new Run(
        name,
        arrivals.freshnessMillis(0.5),
        arrivals.freshnessMillis(0.99),
        arrivals.freshnessMillis(1.0),
        arrivals.longestStallMillis(),
        joins.get(),
        arrivals.perLabeler());
  }

  private static LabelerConfig config(
      InProcessPipeline pipeline, PipelineTask task, GroupProtocol protocol, String instance) {
    return pipeline
        .labelerConfig(task)
        .instanceId(instance)
        .groupProtocol(protocol)
        // the classic protocol's members heartbeat every 3 s by default: as often as the
        // embedded broker asks of the consumer protocol's, so the two differ in protocol alone
        .consumerOverrides(
            protocol == GroupProtocol.CLASSIC ? Map.of("heartbeat.interval.ms", "1000") : Map.of())
        .commitInterval(Duration.ofMillis(100))
        .maxClaimCheckBytes(16 << 20)
        .build();
  }

  /** Starts and stops the joiner every {@code churnEvery} until the feed is done. */
  private static void churn(
      InProcessPipeline pipeline,
      LabelerConfig joiner,
      Settings s,
      CompletableFuture<Void> feed,
      AtomicInteger joins) {
    try {
      while (!feed.isDone()) {
        Thread.sleep(s.churnEvery().toMillis());
        if (feed.isDone()) {
          return;
        }
        LabelerStage second = pipeline.startLabeler(joiner);
        joins.incrementAndGet();
        Thread.sleep(s.churnEvery().toMillis());
        if (second.failure() != null) {
          throw new IllegalStateException("the joining labeler failed", second.failure());
        }
        pipeline.stop(second);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while churning", e);
    } catch (Exception e) {
      throw new IllegalStateException("churning failed", e);
    }
  }

  /** Runs with the defaults ({@code --small}: the small sizes) and prints the table. */
  public static void main(String[] args) throws Exception {
    Settings s = List.of(args).contains("--small") ? Settings.small() : Settings.defaults();
    BenchTable table = new BenchTable(Machine.describe());
    run(s, Files.createTempDirectory("rebalance-bench-")).forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
