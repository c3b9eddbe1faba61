package io.distillery.bench;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.filter.topology.FilterApp;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.consumer.ImageStudentTrainer;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole pipeline (labeler on a synthetic teacher, filter, trainer, one broker): its throughput
 * against its slowest stage, and its end-to-end freshness (how long a record takes from ingest to
 * the end of the training step that used it). After an unreported warm-up run, the stages run one
 * at a time on records of their own (the labeler labels them all, then the filter filters them all,
 * then the trainer trains on them all), each timed from its first output to its last; then a fresh
 * task runs them together on as many records ingested at once (its capacity). Ingested at once, the
 * records are labeled and filtered long before the trainer is done, so that capacity is more than
 * the stages sustain when all three are busy: another task is fed at that rate and the trainer's
 * rate meanwhile is the sustained capacity. Two more tasks are fed at half of it, with the default
 * commit intervals and with commits every 50 ms, and the trainer's freshness timer gives p50 and
 * p99. Every run together starts feeding once the filter and the trainer are up.
 */
public final class FreshnessBench {

  /**
   * @param capacityRecords records of the capacity run
   * @param paceRecords records of the run at half capacity
   * @param serviceMillis the synthetic teacher's service time per batch of up to 64
   * @param modelsCache where the untrained student's TorchScript is generated
   */
  public record Settings(
      int capacityRecords, int paceRecords, long serviceMillis, Path modelsCache) {

    /**
     * 6,000 records for capacity, 3,200 at half load, a 20 ms teacher. 3,200 is 100 of the
     * trainer's batches of 32: a remainder would wait out the trainer's 500 ms linger for a batch
     * that the end of the run never fills, and its records would be the p99.
     */
    public static Settings defaults() {
      return new Settings(
          6_000,
          3_200,
          20,
          Path.of(System.getProperty("distillery.home", "."), ".distillery", "models"));
    }
  }

  private static final String ACCEPT_ALL =
      """
      {"name": "bench-accept-all", "task": "bench", "scorers": ["classification"], "rules": []}
      """;

  private static final int PARTITIONS = 2;

  private FreshnessBench() {}

  /** Runs every phase on a broker and a server of its own under {@code workDir}. */
  public static List<BenchResult> run(Settings settings, Path workDir) throws Exception {
    LibtorchThreads.configure(1);
    Path student = ModelDefinitions.inCache(settings.modelsCache()).ensure(DemoModel.IMAGE_STUDENT);
    Path models = workDir.resolve("freshness-models");
    BenchTeacher.write(models, 64, settings.serviceMillis(), 2_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (InProcessPipeline pipeline =
        new InProcessPipeline(workDir.resolve("freshness"), models, 0, PARTITIONS, registry)) {
      // the first run in the process times the JIT compiler more than the stages: not reported
      phase(new TaskStages(pipeline, registry, "bench-fresh-warm-up", student), 2_000, 0);
      StagesAlone alone =
          stagesAlone(
              new TaskStages(pipeline, registry, "bench-fresh-stages", student),
              settings.capacityRecords());
      Phase capacity =
          phase(
              new TaskStages(pipeline, registry, "bench-fresh-capacity", student),
              settings.capacityRecords(),
              0);
      // Ingested at once, the records are labeled and filtered long before the trainer is done
      // with them, which then trains alone: that capacity is more than the stages sustain when
      // all three are busy at once. Fed at that rate, the labeler and the filter keep up and the
      // trainer falls behind, training at what it gets of the cores beside them: the sustained
      // capacity. Half load is half of that.
      Phase sustained =
          phase(
              new TaskStages(pipeline, registry, "bench-fresh-sustained", student),
              settings.capacityRecords(),
              capacity.recordsPerSecond());
      if (!(sustained.trainedWhileFed() > 0)) {
        throw new IllegalStateException(
            "the trainer took fewer than two steps while records arrived: no sustained rate");
      }
      double rate = sustained.trainedWhileFed() / 2;
      Phase paced =
          phase(
              new TaskStages(pipeline, registry, "bench-fresh-paced", student),
              settings.paceRecords(),
              rate);
      Phase pacedLow =
          phase(
              new TaskStages(pipeline, registry, "bench-fresh-low", student, Latency.LOW),
              settings.paceRecords(),
              rate);
      String load =
          String.format(
              Locale.ROOT,
              "%,d records at %.0f records/s, half the sustained capacity; synthetic teacher %d ms"
                  + " per batch of 64; labeler, filter (exactly-once) and trainer in one process",
              settings.paceRecords(),
              rate,
              settings.serviceMillis());
      return List.of(
          new BenchResult(
              "pipeline vs its slowest stage",
              capacity.steadyRate(),
              alone.slowest(),
              "records/s",
              0.8,
              true,
              String.format(
                  Locale.ROOT,
                  "%,d records through labeler, filter and trainer at once, trained per second"
                      + " from the first training step to the last; baseline: the same stages one"
                      + " at a time on %,d records of their own, each timed from its first output"
                      + " to its last: labeler %,.0f, filter %,.0f, trainer %,.0f records/s",
                  settings.capacityRecords(),
                  settings.capacityRecords(),
                  alone.labeler(),
                  alone.filter(),
                  alone.trainer())),
          rate(
              "pipeline capacity, ingest to trained",
              capacity.recordsPerSecond(),
              String.format(
                  Locale.ROOT,
                  "%,d records ingested at once, labeled, filtered and trained",
                  settings.capacityRecords())),
          rate(
              "pipeline sustained capacity, all stages busy",
              sustained.trainedWhileFed(),
              String.format(
                  Locale.ROOT,
                  "trained per second while %,d records arrived at the capacity above: the"
                      + " labeler and the filter keep up, the trainer falls behind on what it gets"
                      + " of the cores beside them",
                  settings.capacityRecords())),
          freshness("p50", paced.p50Millis(), load, Latency.DEFAULTS, paced),
          freshness("p99", paced.p99Millis(), load, Latency.DEFAULTS, paced),
          freshness("p50", pacedLow.p50Millis(), load, Latency.LOW, pacedLow),
          freshness("p99", pacedLow.p99Millis(), load, Latency.LOW, pacedLow));
    }
  }

  /** A rate with no baseline and no goal. */
  private static BenchResult rate(String name, double recordsPerSecond, String how) {
    return new BenchResult(name, recordsPerSecond, Double.NaN, "records/s", Double.NaN, true, how);
  }

  private static BenchResult freshness(
      String percentile, double millis, String load, Latency latency, Phase phase) {
    return new BenchResult(
        String.format(
            Locale.ROOT,
            "freshness %s (ingest to trained)%s",
            percentile,
            latency == Latency.DEFAULTS
                ? ""
                : ", commits every " + latency.labelerCommit().toMillis() + " ms"),
        millis,
        Double.NaN,
        "ms",
        Double.NaN,
        false,
        String.format(
            Locale.ROOT,
            "%s; %s; the last record trained %,.0f ms after it was sent; %s",
            load,
            latency.describe(),
            phase.lastLagMillis(),
            phase.hops()));
  }

  /**
   * @param recordsPerSecond records over the seconds from the first sent to the last trained
   * @param steadyRate trained per second from the end of the first step to the end of the last
   * @param trainedWhileFed trained per second from the end of the first step until the last record
   *     was sent
   * @param lastLagMillis from the last record sent to the end of the step that trained it
   */
  private record Phase(
      double recordsPerSecond,
      double steadyRate,
      double trainedWhileFed,
      double lastLagMillis,
      double p50Millis,
      double p99Millis,
      String hops) {}

  /**
   * The settings that trade throughput for freshness.
   *
   * @param labelerCommit the labeler's transaction interval
   * @param filterCommitMillis Kafka Streams' {@code commit.interval.ms}
   * @param trainerLinger the longest a partial batch waits for more records before training
   */
  private record Latency(Duration labelerCommit, long filterCommitMillis, Duration trainerLinger) {
    /** The labeler's 100 ms, Streams' exactly-once 100 ms, the trainer's 500 ms. */
    static final Latency DEFAULTS =
        new Latency(Duration.ofMillis(100), 100, Duration.ofMillis(500));

    /** Commits every 50 ms, partial batches after 100 ms. */
    static final Latency LOW = new Latency(Duration.ofMillis(50), 50, Duration.ofMillis(100));

    String describe() {
      return String.format(
          Locale.ROOT,
          "labeler commits every %d ms, filter every %d ms, trainer batch 32 lingering %d ms",
          labelerCommit.toMillis(),
          filterCommitMillis,
          trainerLinger.toMillis());
    }
  }

  /** A task's stages in one pipeline, started together or one at a time. */
  private record TaskStages(
      InProcessPipeline pipeline,
      SimpleMeterRegistry registry,
      String task,
      Path student,
      Latency latency) {

    TaskStages(
        InProcessPipeline pipeline, SimpleMeterRegistry registry, String task, Path student) {
      this(pipeline, registry, task, student, Latency.DEFAULTS);
    }

    TaskTopics topics() {
      return pipeline.topics(BenchTeacher.task(task));
    }

    LabelerStage startLabeler() {
      return pipeline.startLabeler(
          pipeline
              .labelerConfig(BenchTeacher.task(task))
              .instanceId("bench")
              .commitInterval(latency.labelerCommit())
              .maxClaimCheckBytes(16 << 20)
              .build());
    }

    FilterApp startFilter() throws IOException {
      return pipeline.startFilter(
          BenchTeacher.task(task),
          PolicyLoader.read(
              new ByteArrayInputStream(
                  ACCEPT_ALL
                      .replace("\"bench\"", "\"" + task + "\"")
                      .getBytes(StandardCharsets.UTF_8)),
              "accept-all"),
          workDir(),
          Map.of("commit.interval.ms", latency.filterCommitMillis()));
    }

    Training startTrainer() throws IOException {
      TrainerConfig config =
          TrainerConfig.builder(
                  task, pipeline.bootstrapServers(), workDir().resolve(task + "-trainer"))
              .batch(32, latency.trainerLinger())
              .every(50, 0)
              .replay(1000, 0.0, 7)
              .build();
      StudentSettings settings =
          new StudentSettings(
              student,
              CheckpointableOptimizer.Kind.ADAM,
              new LearningRateSchedule(0.002f, 20, 1000, 0.7f, 0.00002f),
              new DistillationLoss(2.0f, 0.8f, 1.0f),
              null,
              task + "-student",
              0.005);
      LabelledImages heldOut =
          LabelledImages.fashionMnist(Path.of("/usr/share/datasets/fashion-mnist"), "t10k")
              .head(10);
      return new Training(new ImageStudentTrainer(config, settings, heldOut, List.of(), registry));
    }

    private Path workDir() {
      return pipeline.blobRoot().getParent();
    }
  }

  /** A trainer running on its own thread, counting the samples it trained and timing its steps. */
  private static final class Training implements AutoCloseable {
    private final ImageStudentTrainer trainer;
    private final CompletableFuture<Void> running;
    private final AtomicLong trained = new AtomicLong();
    private volatile long firstNanos;
    private volatile long firstSamples;
    private volatile long lastNanos;
    private boolean closed;

    Training(ImageStudentTrainer trainer) {
      this.trainer = trainer;
      trainer
          .loop()
          .onStep(
              (step, samples) -> {
                long now = System.nanoTime();
                if (firstNanos == 0) {
                  firstSamples = samples;
                  firstNanos = now;
                }
                lastNanos = now;
                trained.set(samples);
              });
      running =
          CompletableFuture.runAsync(
              () -> {
                try {
                  trainer.loop().run();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }

    /** Waits until the trainer polls its stream with nothing left to do (a minute at most). */
    void awaitSettled() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!trainer.loop().settled()) {
        if (running.isDone()) {
          running.join();
          throw new IllegalStateException("the trainer stopped before it was ready");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the trainer is not ready after a minute");
        }
        Thread.sleep(20);
      }
    }

    /** Waits until {@code records} samples are trained (15 minutes at most). */
    void await(long records) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
      while (trained.get() < records) {
        if (running.isDone()) {
          running.join();
          throw new IllegalStateException("the trainer stopped early");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + trained.get() + " of " + records + " records trained in 15 minutes");
        }
        Thread.sleep(20);
      }
    }

    /** Samples per second from the end of the first step to now (0 before the second step). */
    double rateSoFar() {
      long first = firstNanos;
      long samples = trained.get() - firstSamples;
      return first == 0 || samples == 0 ? 0 : samples / ((System.nanoTime() - first) / 1e9);
    }

    /** When the last step ended ({@link System#nanoTime()}). */
    long lastNanos() {
      return lastNanos;
    }

    /** Samples per second from the end of the first step to the end of the last. */
    double steadyRate() {
      return (trained.get() - firstSamples) / ((lastNanos - firstNanos) / 1e9);
    }

    @Override
    public void close() throws Exception {
      if (closed) {
        return;
      }
      closed = true;
      trainer.loop().requestStop();
      running.get(2, TimeUnit.MINUTES);
      trainer.close();
    }
  }

  /**
   * The pipeline's stages one at a time on the same records: the labeler labels them all, then the
   * filter filters them all, then the trainer trains on them all, each timed from its first output
   * to its last. The slowest of the three is the pipeline's limit.
   */
  private record StagesAlone(double labeler, double filter, double trainer) {
    double slowest() {
      return Math.min(labeler, Math.min(filter, trainer));
    }
  }

  private static StagesAlone stagesAlone(TaskStages stages, int records) throws Exception {
    TaskTopics topics = stages.topics();
    InProcessPipeline pipeline = stages.pipeline();
    String bootstrap = pipeline.bootstrapServers();
    LabelerStage labeler = stages.startLabeler();
    BenchImages.produce(bootstrap, stages.task(), topics.raw(), records);
    double labeled;
    try (OutputClock clock = new OutputClock(bootstrap, List.of(topics.labeled()))) {
      labeled = clock.awaitRate(records, Duration.ofMinutes(10));
    }
    pipeline.stop(labeler);
    double filtered;
    try (OutputClock clock = new OutputClock(bootstrap, List.of(topics.accepted()))) {
      FilterApp filter = stages.startFilter();
      filtered = clock.awaitRate(records, Duration.ofMinutes(10));
      pipeline.stop(filter);
    }
    try (Training training = stages.startTrainer()) {
      training.await(records);
      return new StagesAlone(labeled, filtered, training.steadyRate());
    }
  }

  private static Phase phase(TaskStages stages, int records, double perSecond) throws Exception {
    InProcessPipeline pipeline = stages.pipeline();
    String bootstrap = pipeline.bootstrapServers();
    TaskTopics topics = stages.topics();
    LabelerStage labeler = stages.startLabeler();
    FilterApp filter = stages.startFilter();
    // records sent while Kafka Streams still joins its group and opens its tasks would time the
    // filter's start-up (seconds), not its latency
    awaitRunning(filter);
    LabelArrivals labeled = new LabelArrivals(records);
    LabelArrivals accepted = LabelArrivals.scored(records);
    try (CommittedTail labels = new CommittedTail(bootstrap, topics.labeled(), PARTITIONS);
        CommittedTail accepts = new CommittedTail(bootstrap, topics.accepted(), PARTITIONS);
        Training training = stages.startTrainer()) {
      // as for the filter: records sent while the trainer loads its student and opens its
      // consumer would time its start-up, not its latency
      training.awaitSettled();
      CompletableFuture<CommittedTail.Seen> labelsSeen = follow(labels, records, labeled);
      CompletableFuture<CommittedTail.Seen> acceptsSeen = follow(accepts, records, accepted);
      long start = System.nanoTime();
      BenchImages.produce(bootstrap, stages.task(), topics.raw(), records, perSecond);
      long sent = System.nanoTime();
      double whileFed = training.rateSoFar();
      training.await(records);
      double seconds = (System.nanoTime() - start) / 1e9;
      double lastLagMillis = (training.lastNanos() - sent) / 1e6;
      double steady = training.steadyRate();
      labelsSeen.get(1, TimeUnit.MINUTES);
      acceptsSeen.get(1, TimeUnit.MINUTES);
      training.close();
      pipeline.stop(labeler);
      pipeline.stop(filter);
      Timer freshness =
          stages.registry().get("distillery.trainer.freshness").tag("task", stages.task()).timer();
      double p50 = Double.NaN;
      double p99 = Double.NaN;
      for (ValueAtPercentile v : freshness.takeSnapshot().percentileValues()) {
        if (v.percentile() == 0.5) {
          p50 = v.value(TimeUnit.MILLISECONDS);
        } else if (v.percentile() == 0.99) {
          p99 = v.value(TimeUnit.MILLISECONDS);
        }
      }
      String hops =
          String.format(
              Locale.ROOT,
              "ingest to label committed p50 %.0f / p99 %.0f ms, to accepted committed %.0f / %.0f"
                  + " ms, to trained %.0f / %.0f ms",
              labeled.freshnessMillis(0.5),
              labeled.freshnessMillis(0.99),
              accepted.freshnessMillis(0.5),
              accepted.freshnessMillis(0.99),
              p50,
              p99);
      return new Phase(records / seconds, steady, whileFed, lastLagMillis, p50, p99, hops);
    }
  }

  private static void awaitRunning(FilterApp filter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (filter.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the filter is not running after a minute: " + filter.state());
      }
      Thread.sleep(20);
    }
  }

  /** Reads {@code tail} on another thread until {@code records} arrived. */
  private static CompletableFuture<CommittedTail.Seen> follow(
      CommittedTail tail, int records, LabelArrivals arrivals) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return tail.await(records, Duration.ofMinutes(15), arrivals);
          } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** Runs with the defaults and prints the table. */
  public static void main(String[] args) throws Exception {
    BenchTable table = new BenchTable(Machine.describe());
    run(Settings.defaults(), Files.createTempDirectory("freshness-bench-")).forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
