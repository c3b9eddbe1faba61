package io.distillery.producers.ingest;

import io.distillery.testkit.EmbeddedKafkaExtension;
import java.nio.file.Path;

/** Ingest configurations for ITs against an embedded broker. */
public final class IngestConfigs {

  private IngestConfigs() {}

  /**
   * An ingest of {@code task} into {@code kafka} that keeps its blobs under {@code blobRoot}; its
   * topics are created with {@code partitions} partitions each.
   */
  public static IngestConfig withTopics(
      EmbeddedKafkaExtension kafka, String task, Path blobRoot, int partitions) {
    IngestConfig config =
        IngestConfig.defaults(task, kafka.bootstrapServers()).withBlobRoot(blobRoot);
    kafka.createTopics(config.topics(), partitions);
    return config;
  }
}
