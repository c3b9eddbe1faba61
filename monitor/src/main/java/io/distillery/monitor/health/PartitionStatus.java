package io.distillery.monitor.health;

/**
 * How a consumer group fares on one partition, after Burrow's evaluation rules; the value is what
 * the {@code distillery_consumergroup_partition_status} metric exports, so {@code >= 2} is one
 * alert rule for "not consuming".
 */
public enum PartitionStatus {
  /** Caught up, or consuming at least as fast as records arrive. */
  OK(0),
  /** Consuming, but the lag grew over the whole window: falling behind. */
  WARN(1),
  /** Members are there, but the committed offset did not move over the window while lag stayed. */
  STALL(2),
  /** No members, and the committed offset did not move over the window while lag stayed. */
  STOP(3);

  private final int value;

  PartitionStatus(int value) {
    this.value = value;
  }

  /** The exported value. */
  public int value() {
    return value;
  }
}
