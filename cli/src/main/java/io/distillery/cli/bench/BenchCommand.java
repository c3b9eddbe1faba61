package io.distillery.cli.bench;

import io.distillery.bench.BenchResult;
import io.distillery.bench.BenchTable;
import io.distillery.bench.FilterBench;
import io.distillery.bench.FreshnessBench;
import io.distillery.bench.KafkaCeiling;
import io.distillery.bench.LabelerBench;
import io.distillery.bench.Machine;
import io.distillery.bench.RebalanceBench;
import io.distillery.bench.ScaleOutBench;
import io.distillery.bench.TrainerBench;
import io.distillery.bench.memory.MemoryBench;
import io.distillery.cli.Logs;
import io.distillery.lab.files.Folders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distillery bench}: every benchmark of the harness in one run, each against a baseline
 * measured in the same run, written as one Markdown table.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the benchmark harness and writes a Markdown table of ratios against baselines measured",
      "in the same run: Kafka's own produce/consume ceiling; the labeler against the teacher's",
      "capacity and a naive one-record-per-request client; 1, 2, 4 labelers against as many",
      "teachers (the sum of their capacities); freshness while a labeler joins and leaves, classic",
      "and consumer group protocol (a quiet run); the filter against a transactional",
      "consume-produce loop; the trainer against a bare DJL loop; the whole pipeline against its",
      "slowest stage run alone, and end-to-end freshness (ingest to trained) p50/p99 at half the",
      "pipeline's capacity; memory per stage under a 100,000-record backlog; each stage's drain",
      "rate and memory at 1, 4, 16 times a backlog over 1, 4, 16 partitions. Run it on a quiet",
      "machine: the figures are wall-clock."
    })
public final class BenchCommand implements Callable<Integer> {

  /** The benchmarks, in the order they run. */
  enum Bench {
    KAFKA,
    LABELER,
    SCALE_OUT,
    REBALANCE,
    FILTER,
    TRAINER,
    FRESHNESS,
    MEMORY,
    COST_GROWTH
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--only",
      split = ",",
      description = "Run only these: ${COMPLETION-CANDIDATES} (default: all).")
  Set<Bench> only;

  @Option(
      names = "--small",
      description = "Small sizes: checks the harness works in a few minutes; figures are rough.")
  boolean small;

  @Option(
      names = "--out",
      defaultValue = ".distillery/bench/BENCH.md",
      description = "Where the Markdown table goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--work-dir",
      defaultValue = ".distillery/bench/work",
      description = "Broker data and models of the runs (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter print = spec.commandLine().getOut();
    Logs.toFile(workDir.resolve("bench.log"), print);
    Set<Bench> chosen = only == null || only.isEmpty() ? EnumSet.allOf(Bench.class) : only;
    BenchTable table = new BenchTable(Machine.describe() + (small ? " (--small sizes)" : ""));
    for (Bench bench : Bench.values()) {
      if (!chosen.contains(bench)) {
        continue;
      }
      print.println("bench: " + bench.name().toLowerCase(java.util.Locale.ROOT) + " ...");
      print.flush();
      // A fresh folder per run: a broker left by an earlier run would hold its records and
      // committed offsets, and a stage would be timed on outputs it did not write.
      Path dir = workDir.resolve(bench.name().toLowerCase(java.util.Locale.ROOT));
      Folders.deleteRecursively(dir);
      Files.createDirectories(dir);
      List<BenchResult> results = run(bench, dir);
      for (BenchResult r : results) {
        table.add(r);
        print.printf(
            java.util.Locale.ROOT,
            "  %s: %.1f %s (ratio %s)%n",
            r.benchmark(),
            r.value(),
            r.unit(),
            Double.isNaN(r.baseline())
                ? "-"
                : String.format(java.util.Locale.ROOT, "%.3f", r.ratio()));
      }
      print.flush();
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table.toMarkdown());
    print.println();
    print.print(table.toMarkdown());
    print.println("Written to " + out.toAbsolutePath());
    print.flush();
    return 0;
  }

  private List<BenchResult> run(Bench bench, Path dir) throws Exception {
    return switch (bench) {
      case KAFKA ->
          KafkaCeiling.run(new KafkaCeiling.Settings(small ? 20_000 : 200_000, 1_200, 3), dir);
      case LABELER ->
          LabelerBench.run(
              small ? LabelerBench.Settings.small() : LabelerBench.Settings.defaults());
      case SCALE_OUT ->
          ScaleOutBench.run(
              small ? ScaleOutBench.Settings.small() : ScaleOutBench.Settings.defaults(), dir);
      case REBALANCE ->
          RebalanceBench.run(
              small ? RebalanceBench.Settings.small() : RebalanceBench.Settings.defaults(), dir);
      case FILTER -> FilterBench.run(new FilterBench.Settings(small ? 5_000 : 30_000), dir);
      case TRAINER -> TrainerBench.run(small ? TrainerBench.Settings.small() : trainerDefaults());
      case FRESHNESS ->
          FreshnessBench.run(
              small
                  ? new FreshnessBench.Settings(
                      1_500, 800, 20, FreshnessBench.Settings.defaults().modelsCache())
                  : FreshnessBench.Settings.defaults(),
              dir);
      case MEMORY ->
          MemoryBench.run(
              small ? MemoryBench.Settings.small() : MemoryBench.Settings.defaults(), dir);
      case COST_GROWTH ->
          MemoryBench.costGrowth(
              MemoryBench.Settings.costGrowth(),
              small ? List.of(1, 4) : List.of(1, 4, 16),
              small ? List.of(1, 4) : List.of(1, 4, 16),
              dir);
    };
  }

  private static TrainerBench.Settings trainerDefaults() {
    TrainerBench.Settings s = TrainerBench.Settings.small();
    return new TrainerBench.Settings(
        12_800,
        s.batchSize(),
        s.warmupSteps(),
        s.checkpointEverySteps(),
        s.rounds(),
        s.datasetDir(),
        s.modelsCache());
  }
}
