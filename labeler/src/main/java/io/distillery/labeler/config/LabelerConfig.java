package io.distillery.labeler.config;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one labeler instance needs, validated at once.
 *
 * @param topics the task's topics
 * @param kind {@code image} or {@code speech}: which task adapter turns payloads into inputs
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group of all instances of this task's labeler
 * @param instanceId stable id of this instance; part of its transactional id
 * @param models the models each record goes to (exactly one teacher)
 * @param batch micro-batch and in-flight limits
 * @param commitInterval how often finished results are committed in one transaction
 * @param claimCheckRoots roots under which claim-checked payloads may be read
 * @param maxClaimCheckBytes largest claim-checked payload read
 * @param client the inference client settings
 * @param consumerOverrides Kafka consumer settings passed through (from {@code consumer.*})
 * @param producerOverrides Kafka producer settings passed through (from {@code producer.*})
 */
public record LabelerConfig(
    TaskTopics topics,
    String kind,
    String bootstrapServers,
    String groupId,
    String instanceId,
    List<ModelBinding> models,
    BatchPolicy batch,
    Duration commitInterval,
    List<Path> claimCheckRoots,
    long maxClaimCheckBytes,
    ClientConfig client,
    Map<String, String> consumerOverrides,
    Map<String, String> producerOverrides) {

  /** Validates at once. */
  public LabelerConfig {
    if (!kind.equals("image") && !kind.equals("speech")) {
      throw new IllegalArgumentException("Task kind must be image or speech, got " + kind);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("--bootstrap-servers is required");
    }
    if (groupId.isBlank() || instanceId.isBlank() || !instanceId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "group id must be set and instance id must be letters, digits, '.', '_' or '-'");
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commit interval must be > 0");
    }
    models = List.copyOf(models);
    claimCheckRoots = List.copyOf(claimCheckRoots);
    consumerOverrides = Map.copyOf(consumerOverrides);
    producerOverrides = Map.copyOf(producerOverrides);
  }

  /** The producer's transactional id: stable per task and instance, so a restart fences. */
  public String transactionalId() {
    return "distillery-labeler-" + topics.task() + "-" + instanceId;
  }

  /** The default consumer group of a task's labelers. */
  public static String defaultGroup(String task) {
    return "distillery-labeler-" + task;
  }
}
