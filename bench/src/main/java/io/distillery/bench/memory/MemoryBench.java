package io.distillery.bench.memory;

import io.distillery.bench.BenchResult;
import io.distillery.bench.BenchTable;
import io.distillery.bench.BenchTeacher;
import io.distillery.bench.Machine;
import io.distillery.broker.EmbeddedKafka;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.lab.files.Folders;
import io.distillery.lab.process.StageProcess;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.topics.TopicLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Memory per stage under a backlog: for the labeler, the filter and the trainer in turn, the
 * stage's input topic is pre-filled with a backlog, the stage started as a process of its own with
 * a fixed {@code -Xmx}, and its resident set (and heap in use, from its Prometheus endpoint)
 * sampled from its first commit for a bounded window or until the backlog is drained. The value is
 * the largest resident set in the window's last half, the baseline the resident set after warm-up
 * (at 20% of the window); ratio = growth, goal ≤ 1.25. Flat memory while the backlog waits is what
 * shows backpressure works.
 *
 * <p>A JVM's resident set also grows while its old generation fills for the first time with
 * promoted garbage (its pages become resident then stay so), until the first full collection; that
 * ramp is bounded by the committed heap. To tell it from retention, the note gives the heap
 * committed and the non-heap pools at the baseline and the end, and the live heap (in use right
 * after a full collection forced with {@code jcmd GC.run}) at the first commit and after the last
 * sample. Each stage's samples are written to {@code logs/memory-<stage>.csv} under the work
 * folder, next to its log.
 */
public final class MemoryBench {

  /**
   * What to run.
   *
   * @param records the backlog each stage starts with
   * @param window how long each stage is sampled from its first commit (less if it drains)
   * @param sampleEvery time between samples
   * @param maxHeap each stage's {@code -Xmx}
   * @param serviceMillis the labeler's synthetic teacher's time per batch
   * @param partitions partitions of each input topic
   * @param stages which of labeler, filter, trainer to run
   */
  public record Settings(
      int records,
      Duration window,
      Duration sampleEvery,
      String maxHeap,
      long serviceMillis,
      int partitions,
      List<String> stages) {

    private static final Set<String> KNOWN = Set.of("labeler", "filter", "trainer");

    /** Validates at once. */
    public Settings {
      stages = List.copyOf(stages);
      if (records < 1_000 || partitions < 1 || serviceMillis < 1) {
        throw new IllegalArgumentException(
            "need records >= 1000, partitions >= 1, serviceMillis >= 1");
      }
      if (window.compareTo(sampleEvery.multipliedBy(10)) < 0) {
        throw new IllegalArgumentException("the window must hold at least 10 samples");
      }
      if (stages.isEmpty() || !KNOWN.containsAll(stages)) {
        throw new IllegalArgumentException("stages must be among " + KNOWN + ": " + stages);
      }
    }

    /** The measurement: a 100,000-record backlog, 90 s windows, -Xmx512m. */
    public static Settings defaults() {
      return new Settings(
          100_000,
          Duration.ofSeconds(90),
          Duration.ofSeconds(1),
          "512m",
          80,
          3,
          List.of("labeler", "filter", "trainer"));
    }

    /**
     * The cost-growth table's base cell: a 2,500-record backlog, sampled every 250 ms until it is
     * drained (5 minutes at most), a 20 ms teacher.
     */
    public static Settings costGrowth() {
      Settings d = defaults();
      return new Settings(
          2_500, Duration.ofMinutes(5), Duration.ofMillis(250), d.maxHeap(), 20, 1, d.stages());
    }

    /** A quick check that the benchmark works: 20,000 records, 30 s windows. */
    public static Settings small() {
      Settings d = defaults();
      return new Settings(
          20_000, Duration.ofSeconds(30), d.sampleEvery(), d.maxHeap(), 80, 3, d.stages());
    }
  }

  private MemoryBench() {}

  /** Runs each chosen stage on a broker and a teacher of its own under {@code workDir}. */
  public static List<BenchResult> run(Settings s, Path workDir) throws Exception {
    return runs(s, workDir).stream().map(r -> r.result(s)).toList();
  }

  /**
   * The cost-growth table: each chosen stage drains backlogs of {@code multiples} times {@code
   * s.records()} over each count of {@code partitions}, in a process of its own on a broker of its
   * own per cell. One result per stage and cell: the drain rate (records per second from the first
   * commit until the backlog is empty, as the stage's committed offsets show it) against the same
   * stage draining the same backlog over the first count of partitions, with the largest resident
   * set beside it. A ratio near 1 means partitions cost the stage nothing per record; down a
   * column, the rate grows with the backlog as the start-up (a cold JVM, the first model load) is
   * spread over more records.
   */
  public static List<BenchResult> costGrowth(
      Settings s, List<Integer> multiples, List<Integer> partitions, Path workDir)
      throws Exception {
    Map<String, StageRun> first = new HashMap<>();
    List<BenchResult> results = new ArrayList<>();
    for (int p : partitions) {
      for (int k : multiples) {
        Settings cell =
            new Settings(
                s.records() * k,
                s.window(),
                s.sampleEvery(),
                s.maxHeap(),
                s.serviceMillis(),
                p,
                s.stages());
        for (StageRun run : runs(cell, workDir.resolve("cost-" + p + "p-" + k + "x"))) {
          StageRun base = first.computeIfAbsent(run.stage().name() + "/" + k, n -> run);
          results.add(
              new BenchResult(
                  String.format(
                      Locale.ROOT,
                      "cost/%s %d× backlog, %d partition%s",
                      run.stage().name(),
                      k,
                      p,
                      p == 1 ? "" : "s"),
                  run.drainRate(),
                  base.drainRate(),
                  "records/s",
                  Double.NaN,
                  true,
                  String.format(
                      Locale.ROOT,
                      "%,d records drained%s; max RSS %.0f MiB (%.0f MiB over %d partition(s));"
                          + " own JVM -Xmx%s; baseline: the same backlog over %d partition(s)",
                      cell.records(),
                      Double.isNaN(run.drainRate())
                          ? " before the first sample (taken after the first commit and a"
                              + " forced full GC): no rate"
                          : run.drained() ? "" : " in part (the window ended first)",
                      run.maxRssMiB(),
                      base.maxRssMiB(),
                      partitions.get(0),
                      s.maxHeap(),
                      partitions.get(0))));
        }
      }
    }
    return results;
  }

  private static List<StageRun> runs(Settings s, Path workDir) throws Exception {
    Path home = Path.of(System.getProperty("distillery.home", ".")).toAbsolutePath();
    Files.createDirectories(workDir);
    BacklogStages stages = BacklogStages.load(1_000, s.partitions(), workDir, home);
    List<StageRun> results = new ArrayList<>();
    Path kafkaData = workDir.resolve("memory-bench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaData, 0)) {
      BenchTeacher.write(workDir.resolve("models"), 64, s.serviceMillis(), 2_000);
      try (InferenceServer server =
          InferenceServer.start(ServerConfig.loopback(workDir.resolve("models"), 0))) {
        for (String name : s.stages()) {
          BacklogStages.Stage stage =
              switch (name) {
                case "labeler" -> stages.labeler(server.port(), 64, s.serviceMillis());
                case "filter" -> stages.filter();
                default -> stages.trainer();
              };
          results.add(measure(stage, kafka.bootstrapServers(), s, workDir.resolve("logs"), home));
        }
      }
    } finally {
      // the backlogs take some hundreds of MB; the logs and the series stay
      Folders.deleteRecursively(kafkaData);
      Folders.deleteRecursively(workDir.resolve("filter-state"));
      Folders.deleteRecursively(workDir.resolve("trainer"));
    }
    return results;
  }

  private static StageRun measure(
      BacklogStages.Stage stage, String bootstrap, Settings s, Path logs, Path home)
      throws Exception {
    TopicProvisioner.ensure(bootstrap, stage.topics(), TopicLayout.partitions(s.partitions()));
    long start = System.nanoTime();
    stage.prefill().write(bootstrap, s.records());
    double prefillSeconds = (System.nanoTime() - start) / 1e9;
    int metricsPort = freePort();
    List<String> arguments = new ArrayList<>(stage.arguments());
    arguments.addAll(List.of("-b", bootstrap, "--metrics-port", Integer.toString(metricsPort)));
    StageRun run;
    try (StageProcess process = new StageProcess(stage.name(), arguments, s.maxHeap(), logs, home);
        StageProbe probe =
            new StageProbe(process, metricsPort, bootstrap, stage.input(), stage.group())) {
      process.start();
      run = sample(stage, prefillSeconds, process, probe, s);
      process.stop(30);
    }
    run.writeSeries(logs.resolve("memory-" + stage.name() + ".csv"));
    return run;
  }

  /**
   * Waits for the first commit, forces a full collection to read the live heap, then samples until
   * the window ends or the backlog is drained, and reads the live heap again.
   */
  private static StageRun sample(
      BacklogStages.Stage stage,
      double prefillSeconds,
      StageProcess process,
      StageProbe probe,
      Settings s)
      throws InterruptedException {
    long startupDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (probe.sample(0).processed() == 0) {
      alive(process);
      if (System.nanoTime() > startupDeadline) {
        throw new IllegalStateException(
            process.name() + " committed nothing within 3 minutes; see " + process.lastLog());
      }
      Thread.sleep(200);
    }
    double liveAtStart = probe.liveHeapAfterFullGc();
    List<MemoryWindow.Sample> samples = new ArrayList<>();
    long begin = System.nanoTime();
    long every = s.sampleEvery().toNanos();
    for (long next = begin; ; next += every) {
      long now = System.nanoTime();
      if (next > now) {
        Thread.sleep((next - now) / 1_000_000);
      }
      MemoryWindow.Sample sample = probe.sample((System.nanoTime() - begin) / 1e9);
      alive(process);
      samples.add(sample);
      boolean drained = sample.backlog() == 0 && samples.size() >= 10;
      if (drained || System.nanoTime() - begin >= s.window().toNanos()) {
        return new StageRun(
            stage, prefillSeconds, samples, liveAtStart, probe.liveHeapAfterFullGc());
      }
    }
  }

  private static void alive(StageProcess process) {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          process.name() + " exited during the benchmark; see " + process.lastLog());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Runs the benchmark in a temporary folder and prints its Markdown table. Options: {@code
   * --small}, {@code --records N}, {@code --window-s S}, {@code --xmx SIZE}, {@code --service-ms
   * M}, {@code --stages labeler,filter,trainer}. Run with the full class path (the stages start
   * with it): {@code java -cp "cli/target/distillery-cli-0.1.0.jar:cli/target/lib/*"}.
   */
  public static void main(String[] args) throws Exception {
    Settings base = List.of(args).contains("--small") ? Settings.small() : Settings.defaults();
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].equals("--small")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        o.put(args[i], args[++i]);
      }
    }
    Set<String> known = Set.of("--records", "--window-s", "--xmx", "--service-ms", "--stages");
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("unknown option " + k + "; known: " + known);
      }
    }
    Settings s =
        new Settings(
            Integer.parseInt(o.getOrDefault("--records", "" + base.records())),
            Duration.ofSeconds(
                Long.parseLong(o.getOrDefault("--window-s", "" + base.window().toSeconds()))),
            base.sampleEvery(),
            o.getOrDefault("--xmx", base.maxHeap()),
            Long.parseLong(o.getOrDefault("--service-ms", "" + base.serviceMillis())),
            base.partitions(),
            o.containsKey("--stages") ? List.of(o.get("--stages").split(",")) : base.stages());
    Path work = Files.createTempDirectory("memory-bench-");
    BenchTable table = new BenchTable(Machine.describe());
    run(s, work).forEach(table::add);
    System.out.print(table.toMarkdown());
    System.out.println(
        "\nstage logs and memory series (memory-<stage>.csv): " + work.resolve("logs"));
  }
}
