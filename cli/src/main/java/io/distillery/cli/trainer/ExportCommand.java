package io.distillery.cli.trainer;

import io.distillery.cli.ClaimCheckOptions;
import io.distillery.cli.KafkaOptions;
import io.distillery.trainer.export.ExportFormat;
import io.distillery.trainer.export.ExportSettings;
import io.distillery.trainer.export.TrainingSetExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery export}: what the filter accepted as a training set for other trainers. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a task's accepted (or rejected) records as a training set: a NeMo manifest with WAVs"
          + " (speech) or WebDataset tar shards (images and speech), with the pseudo-label, soft"
          + " label, scores and weight of each sample.",
      "Resumable and exactly once per record: run it again on the same --out to continue or to add"
          + " what arrived since."
    })
public final class ExportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(names = "--task", required = true, description = "Task name.")
  String task;

  @Option(
      names = "--topic",
      defaultValue = "accepted",
      description = "accepted or rejected (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--format", required = true, description = "nemo or webdataset.")
  String format;

  @Option(names = "--out", required = true, description = "Folder of the training set.")
  Path out;

  @Mixin ClaimCheckOptions claimChecks;

  @Option(
      names = "--shard-size",
      defaultValue = "1000",
      description = "Samples per WebDataset shard (default: ${DEFAULT-VALUE}).")
  int shardSize;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Stop after N records (0: to the end of the topic).")
  long max;

  @Override
  public Integer call() throws Exception {
    ExportSettings settings =
        new ExportSettings(
            task,
            topic,
            ExportFormat.valueOf(format.toUpperCase(Locale.ROOT)),
            out,
            kafka.bootstrapServers(),
            kafka.clientOverrides(),
            claimChecks.locations(),
            64L << 20,
            shardSize,
            max);
    TrainingSetExport.Summary summary = new TrainingSetExport(settings).run();
    PrintWriter printed = spec.commandLine().getOut();
    printed.printf(
        "Exported %d record(s) of %s.%s to %s (%d in the training set%s)%n",
        summary.added(),
        task,
        topic,
        out,
        summary.exported(),
        settings.format() == ExportFormat.WEBDATASET ? ", " + summary.shards() + " shard(s)" : "");
    summary
        .skippedByReason()
        .forEach((reason, n) -> printed.printf("  passed over %d: %s%n", n, reason));
    printed.flush();
    return 0;
  }
}
