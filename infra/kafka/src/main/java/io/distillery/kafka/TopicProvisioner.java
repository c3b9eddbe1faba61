package io.distillery.kafka;

import io.distillery.kafka.acl.MissingPermission;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a task's topics if they are missing; running it again changes nothing. Replication left
 * to the cluster ({@link TopicLayout#AUTO}) is decided from the number of brokers the cluster
 * reports: three replicas with two in sync from three brokers up, one per broker below; a
 * replication factor the cluster cannot hold is lowered with a warning.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

  private TopicProvisioner() {}

  /**
   * What {@link #provision} did.
   *
   * @param layout the layout decided for the cluster (replicas, min.insync.replicas)
   * @param created the topics this call created (empty when all existed)
   */
  public record Provisioned(TopicLayout layout, List<String> created) {}

  /**
   * Ensures every topic of {@code topics} exists on the cluster at {@code bootstrapServers}, laid
   * out as {@code layout} when it is created.
   *
   * @param clientOverrides extra admin client settings (security, timeouts)
   * @return the names of the topics this call created (empty when all existed)
   */
  public static List<String> ensure(
      String bootstrapServers,
      TaskTopics topics,
      TopicLayout layout,
      Map<String, Object> clientOverrides) {
    return provision(bootstrapServers, topics, layout, clientOverrides).created();
  }

  /** As {@link #ensure(String, TaskTopics, TopicLayout, Map)}, with the layout it decided. */
  public static Provisioned provision(
      String bootstrapServers,
      TaskTopics topics,
      TopicLayout layout,
      Map<String, Object> clientOverrides) {
    Map<String, Object> config = new java.util.HashMap<>(clientOverrides);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      return provision(admin, topics, layout);
    }
  }

  /** Ensures every topic of {@code topics} exists, with the default client settings. */
  public static List<String> ensure(
      String bootstrapServers, TaskTopics topics, TopicLayout layout) {
    return ensure(bootstrapServers, topics, layout, Map.of());
  }

  /**
   * Waits until every partition of {@code topics} answers a list-offsets request, which only the
   * leader's local log can. Producing into a partition whose log is not yet in place fails the
   * first batch of an idempotent producer with a retriable error while its later batches land, and
   * leaves that producer stuck on an out-of-order sequence.
   */
  private static void awaitWritable(Admin admin, List<String> topics) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin
            .listOffsets(Offsets.latestOfEvery(admin.describeTopics(topics).allTopicNames().get()))
            .all()
            .get();
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Topics " + topics + " are not writable after 30 s: " + e.getCause().getMessage(),
              e.getCause());
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * {@code layout} decided for the cluster behind {@code admin}: replication by its number of
   * brokers, lowered where it cannot hold it (each lowering logged as a warning).
   */
  public static TopicLayout resolve(Admin admin, TopicLayout layout)
      throws ExecutionException, InterruptedException {
    int brokers = admin.describeCluster().nodes().get().size();
    return layout.forCluster(brokers, warning -> LOG.warn("Topic layout: {}", warning));
  }

  /** Ensures every topic of {@code topics} exists, through an admin client the caller owns. */
  public static List<String> ensure(Admin admin, TaskTopics topics, TopicLayout layout) {
    return provision(admin, topics, layout).created();
  }

  /** As {@link #ensure(Admin, TaskTopics, TopicLayout)}, with the layout it decided. */
  public static Provisioned provision(Admin admin, TaskTopics topics, TopicLayout layout) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      TopicLayout decided = resolve(admin, layout);
      for (TopicSpec spec : topics.specs(decided)) {
        if (!existing.contains(spec.name())) {
          missing.add(
              new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                  .configs(spec.configs()));
        }
      }
      List<String> created = new ArrayList<>();
      List<String> hidden = new ArrayList<>();
      TopicAuthorizationException refusal = null;
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get();
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicAuthorizationException denied) {
            // listTopics leaves out what this principal may not DESCRIBE, and creating a topic
            // it cannot see is refused whether or not it exists
            hidden.add(entry.getKey());
            refusal = denied;
          } else if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      if (!hidden.isEmpty()) {
        throw MissingPermission.toSee(topics.task(), hidden, refusal);
      }
      if (!created.isEmpty()) {
        awaitWritable(admin, created);
        LOG.info(
            "Created topics {} for task {}: {} replica(s), min.insync.replicas {}",
            created,
            topics.task(),
            decided.replicationFactor(),
            decided.minInsyncReplicas());
      }
      return new Provisioned(decided, created);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot create the topics of task " + topics.task() + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics of " + topics.task(), e);
    }
  }
}
