package io.distillery.cli.chaos;

import io.distillery.cli.Logs;
import io.distillery.lab.chaos.ChaosRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery chaos}: kills stages at random and checks that nothing is lost or doubled. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the broker, the inference server, a labeler, a filter and a trainer as separate",
      "processes, streams Fashion-MNIST images in, SIGKILLs and restarts stages at random (the",
      "broker once), then checks from the topics and the trainer's checkpoint that every raw",
      "record ended in exactly one of accepted / rejected / dlq, the labeled topic holds each",
      "record once and the trainer trained each accepted record exactly once. Exit code 1 if not."
    })
public final class ChaosCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--records",
      defaultValue = "3000",
      description = "Images to stream (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(
      names = "--kills",
      defaultValue = "20",
      description =
          "SIGKILLs, one of them the broker's (two with --brokers 3) (default: ${DEFAULT-VALUE}).")
  int kills;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description =
          "1, or 3: a replicated cluster (3 replicas, 2 in sync) whose partition leader is killed"
              + " twice mid-stream (default: ${DEFAULT-VALUE}).")
  int brokers;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the kill schedule (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--rate",
      defaultValue = "60",
      description =
          "Ingest rate in records/s, so kills land mid-stream (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--settle-timeout",
      defaultValue = "600",
      description =
          "Seconds to wait for the stages to catch up after the last kill (default: ${DEFAULT-VALUE}).")
  long settleSeconds;

  @Option(
      names = "--work-dir",
      defaultValue = ".distillery/chaos",
      description = "Broker data, checkpoints and logs; emptied first (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // beside the work folder, which the run empties first
    Logs.toFile(workDir.resolveSibling(workDir.getFileName() + ".log"), out);
    ChaosRun.Outcome outcome =
        new ChaosRun(
                new ChaosRun.Settings(
                    Path.of(System.getProperty("distillery.home", ".")),
                    workDir,
                    records,
                    kills,
                    seed,
                    partitions,
                    rate,
                    Duration.ofSeconds(settleSeconds),
                    brokers),
                out)
            .run();
    outcome.print(out);
    return outcome.conservation().holds() ? 0 : 1;
  }
}
