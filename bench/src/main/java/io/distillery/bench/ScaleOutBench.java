package io.distillery.bench;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Labeler scale-out: {@code n} labeler instances (one consumer group, one JVM) against {@code n}
 * teachers of fixed capacity, for each run of the settings (an instance count and a service time).
 * Each teacher is a development server of its own whose synthetic model sleeps a fixed service time
 * per batch, so teachers cost no CPU and the figure shows what the labelers and Kafka add, not how
 * two cores are shared. Every labeler balances over all {@code n} servers (least outstanding
 * requests) with its own in-flight budget. The baseline is the capacity bound: the sum of the
 * teachers' capacities, each measured alone in the same run by a saturating direct client (the
 * labelers' own bound, {@code n × in-flight × batch / service time}, is higher by construction).
 * The process's CPU share is noted: at 100% of the machine the broker, the labelers and the tail
 * compete for the cores and the figure says more about the machine than about scaling. Result
 * {@code labeler scale-out ×n} (goal ≥ 0.9).
 */
public final class ScaleOutBench {

  /**
   * One measured run.
   *
   * @param instances labelers and teachers alike
   * @param serviceMillis each teacher's service time per batch
   */
  public record Shape(int instances, long serviceMillis) {

    /** Validates at once. */
    public Shape {
      if (instances < 1 || serviceMillis < 1) {
        throw new IllegalArgumentException("instances and serviceMillis must be >= 1");
      }
    }
  }

  /**
   * What to run.
   *
   * @param shapes the runs, in order
   * @param partitions partitions of the raw topic (at least the largest instance count)
   * @param maxBatch the teachers' max batch size and the labelers' micro-batch size
   * @param inFlightBatches each labeler's bound on batches in flight
   * @param perRun about how long each run labels at the capacity bound
   * @param capacityWindow how long each teacher's capacity is measured (after a second's warm-up)
   */
  public record Settings(
      List<Shape> shapes,
      int partitions,
      int maxBatch,
      int inFlightBatches,
      Duration perRun,
      Duration capacityWindow) {

    /** Validates at once. */
    public Settings {
      shapes = List.copyOf(shapes);
      if (shapes.isEmpty() || partitions < mostInstances(shapes)) {
        throw new IllegalArgumentException(
            "need a run and at least as many partitions as the largest instance count");
      }
      if (maxBatch < 1 || inFlightBatches < 1) {
        throw new IllegalArgumentException("maxBatch and inFlightBatches must be >= 1");
      }
    }

    /**
     * 1, 2 and 4 instances of 40 ms teachers (64 rows per batch), then 4 of 80 ms teachers (a bound
     * that two cores' Kafka and labelers can carry); 8 partitions, 20 s per run.
     */
    public static Settings defaults() {
      return new Settings(
          List.of(new Shape(1, 40), new Shape(2, 40), new Shape(4, 40), new Shape(4, 80)),
          8,
          64,
          4,
          Duration.ofSeconds(20),
          Duration.ofSeconds(3));
    }

    /** A quick check that the benchmark works: 1 and 2 instances, 5 s per run. */
    public static Settings small() {
      return new Settings(
          List.of(new Shape(1, 40), new Shape(2, 40)),
          4,
          64,
          4,
          Duration.ofSeconds(5),
          Duration.ofSeconds(2));
    }

    private static int mostInstances(List<Shape> shapes) {
      return shapes.stream().mapToInt(Shape::instances).max().orElse(0);
    }
  }

  /** Teachers of one service time: servers started as runs need them, capacities measured once. */
  private record Teachers(List<InferenceServer> servers, List<Double> capacities) {}

  private ScaleOutBench() {}

  /** Runs every shape on one broker under {@code workDir}; one result per shape. */
  public static List<BenchResult> run(Settings s, Path workDir) throws Exception {
    Path first = repository(workDir, s, s.shapes().get(0).serviceMillis());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (InProcessPipeline pipeline =
        new InProcessPipeline(workDir.resolve("scale-out"), first, 0, s.partitions(), meters)) {
      Map<Long, Teachers> teachers = new HashMap<>();
      teachers.put(
          s.shapes().get(0).serviceMillis(),
          new Teachers(new ArrayList<>(List.of(pipeline.server())), new ArrayList<>()));
      List<BenchResult> results = new ArrayList<>();
      for (Shape shape : s.shapes()) {
        Teachers group =
            teachers.computeIfAbsent(
                shape.serviceMillis(), k -> new Teachers(new ArrayList<>(), new ArrayList<>()));
        Path models = repository(workDir, s, shape.serviceMillis());
        while (group.servers().size() < shape.instances()) {
          group
              .servers()
              .add(pipeline.own(InferenceServer.start(ServerConfig.loopback(models, 0))));
        }
        while (group.capacities().size() < shape.instances()) {
          InferenceServer server = group.servers().get(group.capacities().size());
          group
              .capacities()
              .add(
                  TeacherCapacity.rowsPerSecond(
                      server.port(), s.maxBatch(), 4, Duration.ofSeconds(1), s.capacityWindow()));
        }
        results.add(
            scaleOut(
                pipeline,
                shape,
                group.servers().subList(0, shape.instances()),
                group.capacities().subList(0, shape.instances()),
                s));
      }
      return results;
    }
  }

  /** The model repository of the teachers with {@code serviceMillis}, written once. */
  private static Path repository(Path workDir, Settings s, long serviceMillis) throws IOException {
    Path models = workDir.resolve("scale-out-models-" + serviceMillis + "ms");
    if (!Files.isDirectory(models)) {
      BenchTeacher.write(models, s.maxBatch(), serviceMillis, 2_000);
    }
    return models;
  }

  private static BenchResult scaleOut(
      InProcessPipeline pipeline,
      Shape shape,
      List<InferenceServer> teachers,
      List<Double> capacities,
      Settings s)
      throws Exception {
    int n = teachers.size();
    double bound = capacities.stream().mapToDouble(Double::doubleValue).sum();
    int records = (int) Math.max(20L * s.maxBatch(), bound * s.perRun().toMillis() / 1000);
    PipelineTask task = BenchTeacher.task("bench-scale-" + n + "x" + shape.serviceMillis() + "ms");
    TaskTopics topics = pipeline.topics(task);
    ClientConfig client =
        ClientConfig.defaults(
            teachers.stream().map(t -> new ServerAddress("127.0.0.1", t.port())).toList());
    BatchPolicy batch =
        new BatchPolicy(s.maxBatch(), Duration.ofMillis(5), s.inFlightBatches(), 64L << 20);
    List<io.distillery.labeler.config.LabelerConfig> configs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      configs.add(
          pipeline
              .labelerConfig(task)
              .instanceId("scale-" + i)
              .client(client)
              .batch(batch)
              .maxClaimCheckBytes(16 << 20)
              .build());
    }
    String bootstrap = pipeline.bootstrapServers();
    BenchImages.produce(bootstrap, topics.task(), topics.raw(), records);
    LabelArrivals arrivals = new LabelArrivals(records);
    CpuClock cpu = new CpuClock();
    List<LabelerStage> labelers = new ArrayList<>();
    CommittedTail.Seen seen;
    try (CommittedTail tail = new CommittedTail(bootstrap, topics.labeled(), s.partitions())) {
      for (var config : configs) {
        labelers.add(pipeline.startLabeler(config));
      }
      seen = tail.await(records, Duration.ofMinutes(10), arrivals);
    }
    double cpuShare = cpu.share();
    for (LabelerStage labeler : labelers) {
      if (labeler.failure() != null) {
        throw new IllegalStateException("labeler failed", labeler.failure());
      }
      pipeline.stop(labeler);
    }
    seen.requireExactlyOnce(records, n + " labelers");
    double rate = arrivals.rateBetween(0.1, 0.9);
    return new BenchResult(
        "labeler scale-out ×" + n + ", " + shape.serviceMillis() + " ms teachers",
        rate,
        bound,
        "records/s",
        0.9,
        true,
        String.format(
            Locale.ROOT,
            "%d labeler(s) (one group, one JVM, %d partitions) against %d synthetic teacher(s)"
                + " (%d ms per batch of %d, no CPU) measured alone at %s records/s; %,d records"
                + " exactly once, rate between 10%% and 90%% of them; labels per instance %s;"
                + " process CPU %.0f%% of the machine",
            n,
            s.partitions(),
            n,
            shape.serviceMillis(),
            s.maxBatch(),
            capacities.stream()
                .map(c -> String.format(Locale.ROOT, "%,.0f", c))
                .collect(Collectors.joining(" + ")),
            records,
            arrivals.perLabeler(),
            100 * cpuShare));
  }

  /** This process's CPU time over a stretch of wall time, as a share of all cores. */
  private static final class CpuClock {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long cpuStart = os.getProcessCpuTime();
    private final long wallStart = System.nanoTime();

    double share() {
      double wall = System.nanoTime() - wallStart;
      return (os.getProcessCpuTime() - cpuStart)
          / (wall * Runtime.getRuntime().availableProcessors());
    }
  }

  /** Runs with the defaults ({@code --small}: the small sizes) and prints the table. */
  public static void main(String[] args) throws Exception {
    Settings s = List.of(args).contains("--small") ? Settings.small() : Settings.defaults();
    BenchTable table = new BenchTable(Machine.describe());
    run(s, Files.createTempDirectory("scale-out-bench-")).forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
