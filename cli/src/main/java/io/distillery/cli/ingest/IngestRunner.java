package io.distillery.cli.ingest;

import io.distillery.kafka.TopicProvisioner;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.SampleSource;
import io.distillery.producers.watch.WatchTarget;
import io.distillery.producers.watch.Watcher;
import io.distillery.schemas.topics.TopicLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs a source once or follows a target, then prints the summary; shared by the subcommands. */
final class IngestRunner {

  private IngestRunner() {}

  static int once(CommonIngestOptions options, SampleSource source, PrintWriter out)
      throws Exception {
    IngestConfig config = prepare(options);
    IngestSummary summary;
    try (ProgressBarListener progress = new ProgressBarListener(config.task())) {
      summary = Ingestor.run(source, config, progress);
    }
    return print(summary, config, out);
  }

  static int watch(
      CommonIngestOptions options,
      WatchTarget target,
      Path stateFile,
      Duration interval,
      PrintWriter out)
      throws Exception {
    IngestConfig config = prepare(options);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "ingest-watch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.printf(
        "Watching %s (state %s); Ctrl-C stops after the current batch.%n",
        target.description(), stateFile);
    out.flush();
    IngestSummary summary;
    try (ProgressBarListener progress = new ProgressBarListener(config.task());
        Ingestor ingestor = Ingestor.open(config, progress)) {
      summary = Watcher.follow(target, stateFile, ingestor, interval, stop::get);
    } finally {
      finished.countDown();
    }
    return print(summary, config, out);
  }

  private static IngestConfig prepare(CommonIngestOptions options) {
    IngestConfig config = options.config();
    if (options.createTopics) {
      TopicProvisioner.ensure(
          config.bootstrapServers(),
          config.topics(),
          TopicLayout.partitions(options.partitions),
          options.kafka.clientOverrides());
    }
    return config;
  }

  private static int print(IngestSummary s, IngestConfig config, PrintWriter out) {
    out.printf(
        "%s: sent %d, skipped as invalid %d, failed %d, already sent %d%n",
        config.topics().raw(), s.sent(), s.invalid(), s.failed(), s.alreadySent());
    out.printf(
        "payload %,d bytes (%d by claim check under %s), %.1f s, %.1f records/s%n",
        s.payloadBytes(),
        s.claimChecked(),
        config.claimCheckStore(),
        s.elapsed().toNanos() / 1e9,
        s.recordsPerSecond());
    for (IngestSummary.Problem p : s.problems()) {
      out.printf("  %s: %s%n", p.identity(), p.reason());
    }
    if (s.invalid() + s.failed() > s.problems().size()) {
      out.printf(
          "  ... and %d more (see the log)%n", s.invalid() + s.failed() - s.problems().size());
    }
    out.flush();
    return s.failed() > 0 ? 1 : 0;
  }
}
