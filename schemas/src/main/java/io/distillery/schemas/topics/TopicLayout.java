package io.distillery.schemas.topics;

import java.util.function.Consumer;

/**
 * How a task's topics are laid out on the cluster when they are created. Replication left to the
 * cluster ({@link #AUTO}) takes the production defaults for its size when the topics are created
 * ({@link #forCluster}): three replicas with two in sync on three brokers or more, as many replicas
 * as there are brokers (all in sync) on smaller ones.
 *
 * @param partitions partitions of the data topics (instances of a stage scale up to this many);
 *     student versions always have one
 * @param replicationFactor replicas of every topic, {@link #AUTO} for the cluster's default
 * @param minInsyncReplicas the topics' {@code min.insync.replicas}: replicas that must have a write
 *     before an {@code acks=all} producer (every stage) is answered; {@link #AUTO} for the default
 *     that goes with the replication factor
 */
public record TopicLayout(int partitions, short replicationFactor, short minInsyncReplicas) {

  /** Replication left to the cluster's size. */
  public static final short AUTO = 0;

  /** Validates at once. */
  public TopicLayout {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException(
          "replication factor must be >= 1 (or 0 for the cluster's default), got "
              + replicationFactor);
    }
    if (minInsyncReplicas < 0) {
      throw new IllegalArgumentException(
          "min.insync.replicas must be >= 1 (or 0 for the default), got " + minInsyncReplicas);
    }
    if (replicationFactor != AUTO
        && minInsyncReplicas != AUTO
        && minInsyncReplicas > replicationFactor) {
      throw new IllegalArgumentException(
          "min.insync.replicas "
              + minInsyncReplicas
              + " exceeds the replication factor "
              + replicationFactor
              + ": no write could ever succeed");
    }
  }

  /** {@code partitions} partitions, replication by the cluster's size. */
  public static TopicLayout partitions(int partitions) {
    return new TopicLayout(partitions, AUTO, AUTO);
  }

  /**
   * This layout on a cluster of {@code brokers} brokers: {@link #AUTO} replaced by the production
   * default, and a replication factor the cluster cannot hold lowered to its size (with a warning
   * to {@code warnings}, as is a min.insync.replicas lowered with it).
   */
  public TopicLayout forCluster(int brokers, Consumer<String> warnings) {
    if (brokers < 1) {
      throw new IllegalArgumentException("a cluster has at least one broker, got " + brokers);
    }
    int replicas = replicationFactor == AUTO ? Math.min(3, brokers) : replicationFactor;
    if (replicas > brokers) {
      warnings.accept(
          "replication factor "
              + replicas
              + " lowered to "
              + brokers
              + ": the cluster has "
              + brokers
              + " broker(s)");
      replicas = brokers;
    }
    int inSync = minInsyncReplicas == AUTO ? (replicas >= 3 ? 2 : 1) : minInsyncReplicas;
    if (inSync > replicas) {
      warnings.accept(
          "min.insync.replicas " + inSync + " lowered to " + replicas + " with the replicas");
      inSync = replicas;
    }
    if (replicas > 1 && inSync == replicas) {
      warnings.accept(
          "min.insync.replicas equals the replication factor ("
              + replicas
              + "): writes stop while any one replica is down");
    }
    return new TopicLayout(partitions, (short) replicas, (short) inSync);
  }

  /** Whether replicas and min.insync.replicas are both decided (none left to the cluster). */
  public boolean resolved() {
    return replicationFactor != AUTO && minInsyncReplicas != AUTO;
  }
}
