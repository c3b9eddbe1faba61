package io.distillery.monitor.model;

import io.distillery.monitor.health.PartitionStatus;

/**
 * How far one consumer group is behind on one partition.
 *
 * @param group consumer group (a Kafka Streams application id is a group too)
 * @param topic topic name
 * @param partition partition number
 * @param committed the group's committed offset, or -1 when it has committed nothing yet
 * @param end the partition's end offset (last stable offset, for read_committed readers)
 * @param status how the group fares on the partition over the monitor's window
 */
public record PartitionLag(
    String group, String topic, int partition, long committed, long end, PartitionStatus status) {

  /** A sample not judged yet. */
  public PartitionLag(String group, String topic, int partition, long committed, long end) {
    this(group, topic, partition, committed, end, PartitionStatus.OK);
  }

  /**
   * Records the group has still to process on this partition; all of them if it never committed.
   * Offsets also count transaction markers, so on a topic written in transactions this is an upper
   * bound by at most one marker per transaction.
   */
  public long lag() {
    return Math.max(0, end - Math.max(0, committed));
  }

  /** This sample judged {@code value}. */
  public PartitionLag withStatus(PartitionStatus value) {
    return new PartitionLag(group, topic, partition, committed, end, value);
  }
}
