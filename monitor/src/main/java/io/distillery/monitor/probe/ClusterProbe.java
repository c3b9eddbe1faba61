package io.distillery.monitor.probe;

import io.distillery.kafka.Offsets;
import io.distillery.kafka.acl.MissingPermission;
import io.distillery.kafka.acl.StageAcls;
import io.distillery.monitor.model.PartitionLag;
import io.distillery.schemas.topics.TaskTopics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * The admin-API side of the monitor: which tasks exist (a task is a topic {@code <task>.raw}), the
 * end offset of every partition, and every consumer group's committed offsets on them.
 */
public final class ClusterProbe implements AutoCloseable {

  private static final long TIMEOUT_SECONDS = 15;

  private final Admin admin;

  /** A probe with its own admin client. */
  public ClusterProbe(String bootstrapServers, Map<String, Object> clientOverrides) {
    Map<String, Object> config = new HashMap<>(clientOverrides);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "distillery-monitor");
    this.admin = Admin.create(config);
  }

  /** Names of the tasks on the cluster, sorted. */
  public Set<String> tasks() {
    return TaskTopics.tasksAmong(get(admin.listTopics().names()));
  }

  /**
   * Checks that this principal may see what the monitor shows of {@code task}: its topics and the
   * stages' consumer groups. Kafka leaves out of its listings what a principal may not DESCRIBE, so
   * without this a missing ACL would only show as an empty task.
   *
   * @throws MissingPermission naming the first ACL that is missing
   */
  public void requireAccess(String task) {
    TaskTopics topics = TaskTopics.of(task);
    List<String> refused = new ArrayList<>();
    Throwable cause = null;
    for (var e : admin.describeTopics(topics.names()).topicNameValues().entrySet()) {
      Throwable failure = failure(e.getValue());
      if (failure instanceof TopicAuthorizationException) {
        refused.add(e.getKey());
        cause = failure;
      }
    }
    if (!refused.isEmpty()) {
      throw MissingPermission.of(
          "READ on topic " + String.join(", ", new TreeSet<>(refused)), "monitor", task, cause);
    }
    for (String group :
        List.of(
            StageAcls.labelerGroup(task),
            StageAcls.filterApplication(task),
            StageAcls.trainerGroup(task))) {
      Throwable failure =
          failure(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group));
      if (failure instanceof GroupAuthorizationException) {
        throw MissingPermission.of("DESCRIBE on group " + group, "monitor", task, failure);
      }
    }
  }

  /** What {@code future} failed with, or null when it answered (or did not in time). */
  private static Throwable failure(org.apache.kafka.common.KafkaFuture<?> future) {
    try {
      future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MonitorException("Interrupted", e);
    }
  }

  /** All topics on the cluster. */
  public Set<String> topics() {
    return get(admin.listTopics().names());
  }

  /**
   * End offsets (last stable offsets, as a read_committed consumer sees them) of every partition of
   * {@code topics}; topics that do not exist are left out.
   */
  public Map<TopicPartition, Long> endOffsets(Collection<String> topics) {
    Set<String> existing = topics();
    List<String> present = topics.stream().filter(existing::contains).toList();
    if (present.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request =
        Offsets.latestOfEvery(get(admin.describeTopics(present).allTopicNames()));
    Map<TopicPartition, ListOffsetsResultInfo> result =
        get(
            admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all());
    Map<TopicPartition, Long> ends = new HashMap<>();
    result.forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  /** The first offset still in the log of each of {@code partitions} (after retention). */
  public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, OffsetSpec.earliest()));
    Map<TopicPartition, Long> begins = new HashMap<>();
    get(admin.listOffsets(request).all()).forEach((tp, info) -> begins.put(tp, info.offset()));
    return begins;
  }

  /**
   * Lag of every consumer group that has committed offsets on any of {@code ends}' partitions.
   * Groups reading other topics are left out.
   */
  public List<PartitionLag> lag(Map<TopicPartition, Long> ends) {
    List<PartitionLag> lags = new ArrayList<>();
    for (GroupListing group : get(admin.listGroups().all())) {
      Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group.groupId());
      boolean readsThese = committed.keySet().stream().anyMatch(ends::containsKey);
      if (!readsThese) {
        continue;
      }
      Set<String> topicsRead = new TreeSet<>();
      committed.keySet().forEach(tp -> topicsRead.add(tp.topic()));
      ends.forEach(
          (tp, end) -> {
            if (topicsRead.contains(tp.topic())) {
              OffsetAndMetadata offset = committed.get(tp);
              lags.add(
                  new PartitionLag(
                      group.groupId(),
                      tp.topic(),
                      tp.partition(),
                      offset == null ? -1 : offset.offset(),
                      end));
            }
          });
    }
    lags.sort(
        java.util.Comparator.comparing(PartitionLag::group)
            .thenComparing(PartitionLag::topic)
            .thenComparingInt(PartitionLag::partition));
    return lags;
  }

  /**
   * Whether each of {@code groups} has members now (consumers or stream threads); a group the
   * cluster cannot describe as a consumer group counts as having members.
   */
  public Map<String, Boolean> membersByGroup(Collection<String> groups) {
    Map<String, Boolean> out = new HashMap<>();
    if (groups.isEmpty()) {
      return out;
    }
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<ConsumerGroupDescription>> e :
        admin.describeConsumerGroups(groups).describedGroups().entrySet()) {
      try {
        out.put(
            e.getKey(), !e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).members().isEmpty());
      } catch (ExecutionException | TimeoutException failure) {
        out.put(e.getKey(), true);
      } catch (InterruptedException failure) {
        Thread.currentThread().interrupt();
        throw new MonitorException("Interrupted", failure);
      }
    }
    return out;
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
      offsets.forEach(
          (tp, offset) -> {
            if (offset != null) {
              present.put(tp, offset);
            }
          });
      return present;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw new MonitorException("Cannot read the offsets of group " + group, e.getCause());
    } catch (TimeoutException e) {
      throw new MonitorException("Timed out reading the offsets of group " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MonitorException("Interrupted", e);
    }
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new MonitorException(
          "Kafka admin call failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new MonitorException("Kafka admin call timed out after " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MonitorException("Interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
