package io.distillery.schemas.topics;

import java.util.Map;

/**
 * One topic to create: name, partitions, replication and topic-level configs.
 *
 * @param name topic name
 * @param partitions number of partitions
 * @param replicationFactor replicas per partition
 * @param configs topic-level configs such as {@code cleanup.policy}
 */
public record TopicSpec(
    String name, int partitions, short replicationFactor, Map<String, String> configs) {

  /** Copies the configs so the spec stays immutable. */
  public TopicSpec {
    configs = Map.copyOf(configs);
  }
}
