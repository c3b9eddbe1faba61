package io.distillery.cli.ingest;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.cli.KafkaOptions;
import io.distillery.cli.S3Options;
import io.distillery.media.audio.WavPolicy;
import io.distillery.media.image.ImagePolicy;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.schemas.topics.TaskTopics;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every {@code ingest} subcommand shares: task, Kafka, claim checks, rate, policies. */
final class CommonIngestOptions {

  @Mixin KafkaOptions kafka;

  @Option(names = "--task", required = true, description = "Task name, e.g. fmnist or asr-en.")
  String task;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions if the task's topics must be created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--inline-limit",
      defaultValue = "" + TaskTopics.DEFAULT_INLINE_LIMIT_BYTES,
      paramLabel = "BYTES",
      description = "Payloads above this go by claim check (default: ${DEFAULT-VALUE}).")
  int inlineLimit;

  @Option(
      names = {"--claim-check-store", "--blob-root"},
      defaultValue = ".distillery/blobs",
      paramLabel = "DIR|s3://BUCKET/PREFIX",
      description =
          "Where payloads over the inline limit go: a folder or an S3 bucket prefix"
              + " (default: ${DEFAULT-VALUE}).")
  String claimCheckStore;

  @Mixin S3Options s3;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "RECORDS_PER_S",
      description = "Send at most this many records per second; 0 = unlimited.")
  double rate;

  @Option(
      names = "--sample-rate",
      defaultValue = "16000",
      split = ",",
      paramLabel = "HZ",
      description = "Accepted WAV sample rates; others are rejected (default: ${DEFAULT-VALUE}).")
  Set<Integer> sampleRates;

  @Option(
      names = "--max-image-size",
      defaultValue = "4096",
      paramLabel = "PIXELS",
      description = "Largest accepted image width and height (default: ${DEFAULT-VALUE}).")
  int maxImageSize;

  @Option(
      names = "--create-topics",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the task's topics if missing; --no-create-topics to skip.")
  boolean createTopics;

  IngestConfig config() {
    return new IngestConfig(
        task,
        kafka.bootstrapServers(),
        inlineLimit,
        BlobLocation.parse(claimCheckStore, s3.settings()),
        rate,
        new WavPolicy(sampleRates, 1, 16, WavPolicy.SPEECH_16K.maxSeconds()),
        new ImagePolicy(maxImageSize, maxImageSize),
        kafka.clientOverrides());
  }
}
