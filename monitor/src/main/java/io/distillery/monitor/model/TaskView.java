package io.distillery.monitor.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the monitor shows about one task at one instant.
 *
 * @param task task name
 * @param topics size and rate of each of the task's topics
 * @param lag lag of every group reading the task's topics, per partition
 * @param labeled committed records on the labeled topic (offsets also count transaction markers)
 * @param accepted records routed to accepted (ACCEPT and SOFT)
 * @param soft records accepted as SOFT
 * @param rejected records routed to rejected
 * @param deadLetters records in the dead-letter topic
 * @param deadLettersByKind the dead letters per stage and kind of error
 * @param recentReasons how often each reason appeared among recent rejections
 * @param lastErrors the most recent dead letters, newest first
 * @param versions student versions, oldest first
 * @param latencies each server's recent latency per model, from the labeled records
 */
public record TaskView(
    String task,
    List<TopicRate> topics,
    List<PartitionLag> lag,
    long labeled,
    long accepted,
    long soft,
    long rejected,
    long deadLetters,
    List<DeadLetterCount> deadLettersByKind,
    Map<String, Long> recentReasons,
    List<DeadLetterView> lastErrors,
    List<VersionView> versions,
    List<ServerLatency> latencies) {

  /** Copies the collections. */
  public TaskView {
    topics = List.copyOf(topics);
    lag = List.copyOf(lag);
    recentReasons = Map.copyOf(recentReasons);
    lastErrors = List.copyOf(lastErrors);
    versions = List.copyOf(versions);
    deadLettersByKind = List.copyOf(deadLettersByKind);
    latencies = List.copyOf(latencies);
  }

  /** Accepted share of the records the filter decided, 0 when it decided none. */
  public double acceptanceRate() {
    long decided = accepted + rejected;
    return decided == 0 ? 0.0 : (double) accepted / decided;
  }

  /** Total lag of each group over all partitions. */
  public Map<String, Long> lagByGroup() {
    Map<String, Long> totals = new java.util.TreeMap<>();
    for (PartitionLag partition : lag) {
      totals.merge(partition.group(), partition.lag(), Long::sum);
    }
    return totals;
  }
}
