package io.distillery.kafka.acl;

import io.distillery.schemas.topics.TaskTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of each stage on one task: its topics, its consumer group, its
 * transactional ids (a prefix per stage) and nothing else. None is implied by another: READ and
 * WRITE imply DESCRIBE (on topics, groups and transactional ids alike), so no DESCRIBE is listed
 * beside them; an idempotent producer needs WRITE on a topic only (KIP-679). Stages that check
 * every topic of the task exists (the producer and the filter) may DESCRIBE the task's topics;
 * creating topics is the administrator's ({@code distillery topics create}). {@code EveryAclIT}
 * revokes each one in turn and checks its stage stops naming it.
 */
public final class StageAcls {

  /** The stages a principal can be given ACLs for. */
  public enum Stage {
    /** {@code distillery ingest}: writes the raw topic. */
    PRODUCER,
    /** {@code distillery label}: raw to labeled in transactions. */
    LABELER,
    /** {@code distillery filter}: the Kafka Streams application, labeled to accepted/rejected. */
    FILTER,
    /** {@code distillery train}: reads accepted, announces student versions. */
    TRAINER,
    /** {@code distillery monitor} and {@code topics tail}: reads everything, writes nothing. */
    MONITOR;

    /** The stage named {@code name}, case-insensitive. */
    public static Stage parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Unknown stage " + name + ": producer, labeler, filter, trainer or monitor");
      }
    }
  }

  private StageAcls() {}

  /** The consumer group of the task's labelers (their default). */
  public static String labelerGroup(String task) {
    return "distillery-labeler-" + task;
  }

  /** The filter's Kafka Streams application id: its group, internal-topic and txn id prefix. */
  public static String filterApplication(String task) {
    return "distillery-filter-" + task;
  }

  /** The trainer's group, where it commits offsets to show its lag. */
  public static String trainerGroup(String task) {
    return "distillery-trainer-" + task;
  }

  /** Every ACL {@code principal} (e.g. {@code User:labeler}) needs to run {@code stage} on task. */
  public static List<AclBinding> of(Stage stage, String principal, String task) {
    TaskTopics topics = TaskTopics.of(task);
    List<AclBinding> acls = new ArrayList<>();
    switch (stage) {
      case PRODUCER -> {
        acls.add(allow(principal, topic(topics.raw()), AclOperation.WRITE));
        acls.add(allow(principal, topicPrefix(task + "."), AclOperation.DESCRIBE));
      }
      case LABELER -> {
        acls.add(allow(principal, topic(topics.raw()), AclOperation.READ));
        acls.add(allow(principal, group(labelerGroup(task)), AclOperation.READ));
        acls.add(allow(principal, topic(topics.labeled()), AclOperation.WRITE));
        acls.add(allow(principal, topic(topics.dlq()), AclOperation.WRITE));
        ResourcePattern txn = transactionalIdPrefix(labelerGroup(task) + "-");
        acls.add(allow(principal, txn, AclOperation.WRITE));
      }
      case FILTER -> {
        String application = filterApplication(task);
        acls.add(allow(principal, topic(topics.labeled()), AclOperation.READ));
        acls.add(allow(principal, topic(topics.accepted()), AclOperation.WRITE));
        acls.add(allow(principal, topic(topics.rejected()), AclOperation.WRITE));
        acls.add(allow(principal, topic(topics.dlq()), AclOperation.WRITE));
        acls.add(allow(principal, topicPrefix(task + "."), AclOperation.DESCRIBE));
        acls.add(allow(principal, group(application), AclOperation.READ));
        // changelog and repartition topics: created, read, written and configured by Streams
        acls.add(allow(principal, topicPrefix(application + "-"), AclOperation.ALL));
        ResourcePattern txn = transactionalIdPrefix(application + "-");
        acls.add(allow(principal, txn, AclOperation.WRITE));
      }
      case TRAINER -> {
        acls.add(allow(principal, topic(topics.accepted()), AclOperation.READ));
        acls.add(allow(principal, group(trainerGroup(task)), AclOperation.READ));
        acls.add(allow(principal, topic(topics.dlq()), AclOperation.WRITE));
        acls.add(allow(principal, topic(topics.studentVersions()), AclOperation.WRITE));
      }
      case MONITOR -> {
        acls.add(allow(principal, topicPrefix(task + "."), AclOperation.READ));
        for (String group :
            List.of(labelerGroup(task), filterApplication(task), trainerGroup(task))) {
          acls.add(allow(principal, group(group), AclOperation.DESCRIBE));
        }
      }
      default -> throw new IllegalArgumentException("Unknown stage " + stage);
    }
    return List.copyOf(acls);
  }

  /** {@code acl} as the {@code kafka-acls.sh} command line that creates it. */
  public static String commandLine(AclBinding acl, String bootstrap, String commandConfig) {
    ResourcePattern r = acl.pattern();
    AccessControlEntry e = acl.entry();
    String resource =
        switch (r.resourceType()) {
          case TOPIC -> "--topic " + r.name();
          case GROUP -> "--group " + r.name();
          case TRANSACTIONAL_ID -> "--transactional-id " + r.name();
          case CLUSTER -> "--cluster";
          default -> throw new IllegalArgumentException("Unexpected resource " + r);
        };
    return "kafka-acls.sh --bootstrap-server "
        + bootstrap
        + (commandConfig == null ? "" : " --command-config " + commandConfig)
        + " --add --allow-principal "
        + e.principal()
        + " --operation "
        + operation(e.operation())
        + " "
        + resource
        + (r.patternType() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
  }

  /** One line a person reads: operation, resource, pattern. */
  public static String describe(AclBinding acl) {
    ResourcePattern r = acl.pattern();
    return operation(acl.entry().operation())
        + " on "
        + r.resourceType().name().toLowerCase(Locale.ROOT).replace('_', '-')
        + " "
        + r.name()
        + (r.patternType() == PatternType.PREFIXED ? "*" : "");
  }

  private static String operation(AclOperation op) {
    // kafka-acls.sh spells them in CamelCase: Read, Write, Describe, All
    String lower = op.name().toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (String part : lower.split("_")) {
      out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return out.toString();
  }

  private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation op) {
    return new AclBinding(
        pattern, new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static ResourcePattern topicPrefix(String prefix) {
    return new ResourcePattern(ResourceType.TOPIC, prefix, PatternType.PREFIXED);
  }

  private static ResourcePattern group(String name) {
    return new ResourcePattern(ResourceType.GROUP, name, PatternType.LITERAL);
  }

  private static ResourcePattern transactionalIdPrefix(String prefix) {
    return new ResourcePattern(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED);
  }
}
