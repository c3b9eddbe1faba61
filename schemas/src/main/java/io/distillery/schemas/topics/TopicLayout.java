package io.distillery.schemas.topics;

/**
 * How a task's topics are laid out on the cluster when they are created.
 *
 * @param partitions partitions of the data topics (instances of a stage scale up to this many);
 *     student versions always have one
 * @param replicationFactor replicas of every topic
 */
public record TopicLayout(int partitions, short replicationFactor) {

  /** Validates at once. */
  public TopicLayout {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "replication factor must be >= 1, got " + replicationFactor);
    }
  }

  /** {@code partitions} partitions of one replica each: a single broker. */
  public static TopicLayout partitions(int partitions) {
    return new TopicLayout(partitions, (short) 1);
  }
}
