package io.distillery.cli.ingest;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.claimcheck.BlobStore;
import io.distillery.claimcheck.StoredBlob;
import io.distillery.cli.KafkaOptions;
import io.distillery.cli.S3Options;
import io.distillery.producers.retention.ClaimCheckPruner;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery claim-checks prune}: the lifecycle of claim-checked payloads. */
@Command(
    name = "claim-checks",
    mixinStandardHelpOptions = true,
    description = "Manages the payloads producers keep by claim check.",
    subcommands = {ClaimChecksCommand.Prune.class})
public final class ClaimChecksCommand {

  /** Deletes payloads no retained record names. */
  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description = {
        "Lists the claim-check store, reads every record still retained on the raw, labeled,"
            + " accepted and rejected topics of every task on the cluster (tasks may share a"
            + " store), and deletes the payloads none of them names that are older than"
            + " --min-age-hours. Prints what it would delete unless --delete is given.",
      })
  static final class Prune implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Option(
        names = {"--claim-check-store", "--blob-root"},
        defaultValue = ".distillery/blobs",
        paramLabel = "DIR|s3://BUCKET/PREFIX",
        description = "The store the producers write to (default: ${DEFAULT-VALUE}).")
    String store;

    @Mixin S3Options s3;

    @Option(
        names = "--min-age-hours",
        defaultValue = "168",
        description =
            "Only payloads older than this are deleted: a payload is written before its record is"
                + " sent (default: ${DEFAULT-VALUE}, a week).")
    long minAgeHours;

    @Option(names = "--delete", description = "Delete; without it, only report.")
    boolean delete;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (minAgeHours < 0) {
        throw new IllegalArgumentException("--min-age-hours must be >= 0");
      }
      BlobLocation location = BlobLocation.parse(store, s3.settings());
      ClaimCheckPruner.Report report;
      try (BlobStore blobs = BlobStore.open(location)) {
        report =
            new ClaimCheckPruner(
                    kafka.bootstrapServers(), kafka.clientOverrides(), Clock.systemUTC())
                .prune(blobs, Duration.ofHours(minAgeHours), delete);
      }
      out.printf(
          Locale.ROOT,
          "%s: %d payload(s), %d digest(s) named by retained records of %s; %d unreferenced"
              + " younger than %d h kept%n",
          location,
          report.stored().size(),
          report.referenced(),
          report.tasks(),
          report.young().size(),
          minAgeHours);
      for (StoredBlob blob : report.removable()) {
        out.printf(
            Locale.ROOT,
            "  %s %s  %,d bytes  written %s%n",
            delete ? "deleted" : "would delete",
            blob.uri(),
            blob.size(),
            blob.lastModified());
      }
      out.printf(
          Locale.ROOT,
          "%s %d payload(s), %,d bytes%s%n",
          delete ? "Deleted" : "Would delete",
          report.removable().size() - report.rewritten(),
          report.removableBytes(),
          delete || report.removable().isEmpty() ? "" : "; run again with --delete to delete them");
      if (report.rewritten() > 0) {
        out.printf("%d kept: written again since the listing%n", report.rewritten());
      }
      if (report.undecodable() > 0) {
        out.printf(
            "%d retained value(s) could not be decoded (wrong --wire-format?)%n",
            report.undecodable());
      }
      out.flush();
      return 0;
    }
  }
}
