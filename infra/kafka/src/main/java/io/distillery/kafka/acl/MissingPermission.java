package io.distillery.kafka.acl;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * A stage stopped because its principal lacks an ACL: the message names the operation and the
 * resource, and says how to see what the stage needs. Retrying cannot help, so stages stop on it
 * (after aborting their transaction, with their input offsets not committed).
 */
public final class MissingPermission extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private MissingPermission(String message, Throwable cause) {
    super(message, cause);
  }

  /** The authorization failure somewhere in {@code failure}'s causes, if there is one. */
  public static Optional<AuthorizationException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthorizationException denied) {
        return Optional.of(denied);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * The missing permission {@code what} (an operation and a resource) of {@code stage} on {@code
   * task}.
   */
  public static MissingPermission of(String what, String stage, String task, Throwable cause) {
    return new MissingPermission(message(what, stage, task, cause), cause);
  }

  /**
   * The topics of {@code task} that this principal cannot see: a stage that checks every topic of
   * its task exists lacks DESCRIBE on them (or, where they do not exist yet, the administrator has
   * not created them).
   */
  public static MissingPermission toSee(String task, Collection<String> topics, Throwable cause) {
    return new MissingPermission(
        "Not authorized: DESCRIBE on topic "
            + String.join(", ", new TreeSet<>(topics))
            + " is missing for this principal: the stage checks that every topic of task "
            + task
            + " exists and cannot see these (if they do not exist yet, `distillery topics create`"
            + " with an administrator's settings creates them; it may not create them itself)."
            + " `distillery acls --stage <stage> --principal User:<name> --task "
            + task
            + "` prints every ACL a stage needs.",
        cause);
  }

  /**
   * {@code failure} as a missing permission of {@code stage} on {@code task} if an authorization
   * failure caused it, else {@code failure} itself.
   *
   * @param topics the topics the stage reads and writes
   * @param transactionalId the stage's transactional id, null when it has none
   */
  public static RuntimeException explain(
      RuntimeException failure,
      String stage,
      String task,
      StageTopics topics,
      String transactionalId) {
    if (failure instanceof MissingPermission) {
      return failure;
    }
    return describe(failure, stage, task, topics, transactionalId)
        .<RuntimeException>map(message -> new MissingPermission(message, failure))
        .orElse(failure);
  }

  /**
   * What {@code stage} lacks, when an authorization failure caused {@code failure}: the operation,
   * the resource and how to see every ACL the stage needs.
   */
  public static Optional<String> describe(
      Throwable failure, String stage, String task, StageTopics topics, String transactionalId) {
    Optional<AuthorizationException> refusal = in(failure);
    if (refusal.isEmpty()) {
      return Optional.empty();
    }
    AuthorizationException e = refusal.get();
    String what;
    if (e instanceof TopicAuthorizationException t) {
      TreeSet<String> denied = new TreeSet<>(t.unauthorizedTopics());
      boolean internal =
          topics.internalPrefix() != null
              && (denied.isEmpty()
                  || denied.stream().allMatch(d -> d.startsWith(topics.internalPrefix())));
      if (internal) {
        // Kafka Streams creating or configuring its changelogs: the broker names no topic
        what =
            "ALL on topic "
                + topics.internalPrefix()
                + "* (the internal topics Kafka Streams creates, reads and writes)";
      } else if (denied.isEmpty()) {
        what = "an operation on a topic the broker did not name";
      } else {
        String operation = topics.reads().containsAll(denied) ? "READ" : "WRITE";
        what = operation + " on topic " + String.join(", ", denied);
      }
    } else if (e instanceof GroupAuthorizationException g) {
      what = "READ on group " + g.groupId();
    } else if (e instanceof TransactionalIdAuthorizationException) {
      what =
          "WRITE on transactional id "
              + (transactionalId == null ? "(the stage's)" : transactionalId);
    } else if (e instanceof ClusterAuthorizationException
        && transactionalId == null
        && !topics.writes().isEmpty()) {
      what =
          "WRITE on topic "
              + String.join(", ", new TreeSet<>(topics.writes()))
              + " (Kafka refuses an idempotent producer its producer id, as a cluster"
              + " authorization failure, while it may WRITE none of the topics it writes)";
    } else if (e instanceof ClusterAuthorizationException) {
      what = "an operation on the cluster";
    } else {
      what = "an operation";
    }
    return Optional.of(message(what, stage, task, e));
  }

  private static String message(String what, String stage, String task, Throwable cause) {
    return "Not authorized: "
        + what
        + " is missing for this "
        + stage
        + "'s principal"
        + (cause == null ? "" : " (" + cause.getMessage() + ")")
        + ". `distillery acls --stage "
        + stage
        + " --principal User:<name> --task "
        + task
        + "` prints every ACL it needs.";
  }

  /**
   * The topics a stage reads and writes, so that a refusal can say which operation it lacks.
   *
   * @param reads topics it reads (READ is what it lacks there)
   * @param writes topics it writes (WRITE is what it lacks there)
   * @param internalPrefix the prefix of the topics Kafka Streams creates for it, or null
   */
  public record StageTopics(Set<String> reads, Set<String> writes, String internalPrefix) {

    /** Copies both sets. */
    public StageTopics {
      reads = Set.copyOf(reads);
      writes = Set.copyOf(writes);
    }

    /** A stage without internal topics. */
    public StageTopics(Set<String> reads, Set<String> writes) {
      this(reads, writes, null);
    }
  }
}
