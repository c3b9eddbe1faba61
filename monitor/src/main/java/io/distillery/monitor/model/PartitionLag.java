package io.distillery.monitor.model;

/**
 * How far one consumer group is behind on one partition.
 *
 * @param group consumer group (a Kafka Streams application id is a group too)
 * @param topic topic name
 * @param partition partition number
 * @param committed the group's committed offset, or -1 when it has committed nothing yet
 * @param end the partition's end offset (last stable offset, for read_committed readers)
 */
public record PartitionLag(String group, String topic, int partition, long committed, long end) {

  /**
   * Records the group has still to process on this partition; all of them if it never committed.
   */
  public long lag() {
    return Math.max(0, end - Math.max(0, committed));
  }
}
