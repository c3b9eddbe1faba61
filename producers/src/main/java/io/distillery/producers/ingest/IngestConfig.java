package io.distillery.producers.ingest;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.media.audio.WavPolicy;
import io.distillery.media.image.ImagePolicy;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything one ingestion run needs, validated at construction.
 *
 * @param task task name; records go to {@code <task>.raw} ({@link TaskTopics})
 * @param bootstrapServers Kafka bootstrap servers
 * @param inlineLimitBytes payloads larger than this travel by claim check
 * @param claimCheckStore where payloads over the inline limit go: a directory, or an S3 bucket
 *     prefix ({@code s3://bucket/prefix}); readers must list it among their claim-check roots
 * @param recordsPerSecond send rate limit, 0 for none
 * @param wavPolicy which WAV files are accepted
 * @param imagePolicy which images are accepted
 * @param kafkaOverrides Kafka producer settings passed through unchanged (security, timeouts)
 */
public record IngestConfig(
    String task,
    String bootstrapServers,
    int inlineLimitBytes,
    BlobLocation claimCheckStore,
    double recordsPerSecond,
    WavPolicy wavPolicy,
    ImagePolicy imagePolicy,
    Map<String, Object> kafkaOverrides) {

  /** Largest accepted inline limit: 64 MiB (brokers rarely allow more). */
  public static final int MAX_INLINE_LIMIT_BYTES = 64 * 1024 * 1024;

  /** Validates every field at once, with a message that says what to fix. */
  public IngestConfig {
    TaskTopics.of(task); // validates the task name
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required, e.g. 127.0.0.1:9092");
    }
    if (inlineLimitBytes < 1 || inlineLimitBytes > MAX_INLINE_LIMIT_BYTES) {
      throw new IllegalArgumentException(
          "inline limit must be 1.." + MAX_INLINE_LIMIT_BYTES + " bytes, got " + inlineLimitBytes);
    }
    if (claimCheckStore == null) {
      throw new IllegalArgumentException("a claim-check store is required");
    }
    if (recordsPerSecond < 0 || Double.isNaN(recordsPerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0 records/s, got " + recordsPerSecond);
    }
    if (wavPolicy == null || imagePolicy == null) {
      throw new IllegalArgumentException("WAV and image policies are required");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    checkOverride(kafkaOverrides, "enable.idempotence", "true");
    checkOverride(kafkaOverrides, "acks", "all");
  }

  /** Defaults: 512 KiB inline limit, blobs under {@code .distillery/blobs}, no rate limit. */
  public static IngestConfig defaults(String task, String bootstrapServers) {
    return new IngestConfig(
        task,
        bootstrapServers,
        TaskTopics.DEFAULT_INLINE_LIMIT_BYTES,
        new BlobLocation.Directory(Path.of(".distillery", "blobs")),
        0,
        WavPolicy.SPEECH_16K,
        ImagePolicy.DEFAULT,
        Map.of());
  }

  /** This config with another inline limit. */
  public IngestConfig withInlineLimit(int bytes) {
    return new IngestConfig(
        task,
        bootstrapServers,
        bytes,
        claimCheckStore,
        recordsPerSecond,
        wavPolicy,
        imagePolicy,
        kafkaOverrides);
  }

  /** This config with claim checks in the directory {@code root}. */
  public IngestConfig withBlobRoot(Path root) {
    return withClaimCheckStore(new BlobLocation.Directory(root));
  }

  /** This config with claim checks in {@code store} (a directory or an S3 bucket prefix). */
  public IngestConfig withClaimCheckStore(BlobLocation store) {
    return new IngestConfig(
        task,
        bootstrapServers,
        inlineLimitBytes,
        store,
        recordsPerSecond,
        wavPolicy,
        imagePolicy,
        kafkaOverrides);
  }

  /** This config with another rate limit (0 = none). */
  public IngestConfig withRate(double perSecond) {
    return new IngestConfig(
        task,
        bootstrapServers,
        inlineLimitBytes,
        claimCheckStore,
        perSecond,
        wavPolicy,
        imagePolicy,
        kafkaOverrides);
  }

  /** This config with other WAV and image policies. */
  public IngestConfig withPolicies(WavPolicy wav, ImagePolicy image) {
    return new IngestConfig(
        task,
        bootstrapServers,
        inlineLimitBytes,
        claimCheckStore,
        recordsPerSecond,
        wav,
        image,
        kafkaOverrides);
  }

  /** This config with Kafka producer settings passed through. */
  public IngestConfig withKafkaOverrides(Map<String, Object> overrides) {
    return new IngestConfig(
        task,
        bootstrapServers,
        inlineLimitBytes,
        claimCheckStore,
        recordsPerSecond,
        wavPolicy,
        imagePolicy,
        overrides);
  }

  /** The task's topics, sized so an inline payload of the limit fits. */
  public TaskTopics topics() {
    return TaskTopics.withInlineLimit(task, inlineLimitBytes);
  }

  /**
   * Producer settings: idempotent, {@code acks=all}, {@code max.request.size} holding the inline
   * limit plus the envelope ({@link TaskTopics#maxMessageBytesFor}), then the pass-through
   * overrides.
   */
  public Map<String, Object> producerSettings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrapServers);
    settings.put("client.id", "distillery-ingest-" + task);
    settings.put("enable.idempotence", "true");
    settings.put("acks", "all");
    settings.put("max.in.flight.requests.per.connection", "5");
    settings.put("linger.ms", "10");
    settings.put(
        "max.request.size", Integer.toString(TaskTopics.maxMessageBytesFor(inlineLimitBytes)));
    settings.putAll(kafkaOverrides);
    return settings;
  }

  private static void checkOverride(Map<String, Object> overrides, String key, String required) {
    Object value = overrides.get(key);
    if (value != null && !required.equalsIgnoreCase(value.toString())) {
      throw new IllegalArgumentException(
          key + "=" + value + " is not allowed: ingestion needs " + key + "=" + required);
    }
  }
}
