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
 * @param oldestUnreadAt when the oldest record the group has not consumed was written (its Kafka
 *     timestamp, epoch millis); {@link #NOTHING_UNREAD} when no record is left (only transaction
 *     markers lie past the committed offset); -1 when the group is caught up or the time is not
 *     known
 */
public record PartitionLag(
    String group,
    String topic,
    int partition,
    long committed,
    long end,
    PartitionStatus status,
    long oldestUnreadAt) {

  /** What {@link #oldestUnreadAt} holds when only transaction markers lie past the offset. */
  public static final long NOTHING_UNREAD = Long.MAX_VALUE;

  /** A sample not judged yet. */
  public PartitionLag(String group, String topic, int partition, long committed, long end) {
    this(group, topic, partition, committed, end, PartitionStatus.OK, -1);
  }

  /**
   * Records the group has still to process on this partition; all of them if it never committed.
   * Offsets also count transaction markers, so on a topic written in transactions this is an upper
   * bound by at most one marker per transaction.
   */
  public long lag() {
    return Math.max(0, end - Math.max(0, committed));
  }

  /**
   * How long the oldest record the group has not consumed has been waiting at {@code nowMillis}, in
   * seconds: 0 when caught up, NaN when the group is behind but the record's time is not known.
   */
  public double lagSeconds(long nowMillis) {
    if (lag() == 0 || oldestUnreadAt == NOTHING_UNREAD) {
      return 0.0;
    }
    return oldestUnreadAt < 0 ? Double.NaN : Math.max(0, nowMillis - oldestUnreadAt) / 1000.0;
  }

  /** This sample judged {@code value}. */
  public PartitionLag withStatus(PartitionStatus value) {
    return new PartitionLag(group, topic, partition, committed, end, value, oldestUnreadAt);
  }

  /** This sample with the time its oldest unread record was written. */
  public PartitionLag withOldestUnreadAt(long epochMillis) {
    return new PartitionLag(group, topic, partition, committed, end, status, epochMillis);
  }
}
