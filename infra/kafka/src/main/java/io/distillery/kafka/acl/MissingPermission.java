package io.distillery.kafka.acl;

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
   * {@code failure} as a missing permission of {@code stage} on {@code task} if an authorization
   * failure caused it, else {@code failure} itself.
   *
   * @param readTopics the topics the stage reads (READ is what it lacks there; WRITE elsewhere)
   * @param transactionalId the stage's transactional id, null when it has none
   */
  public static RuntimeException explain(
      RuntimeException failure,
      String stage,
      String task,
      Set<String> readTopics,
      String transactionalId) {
    if (failure instanceof MissingPermission) {
      return failure;
    }
    return describe(failure, stage, task, readTopics, transactionalId)
        .<RuntimeException>map(message -> new MissingPermission(message, failure))
        .orElse(failure);
  }

  /**
   * What {@code stage} lacks, when an authorization failure caused {@code failure}: the operation,
   * the resource and how to see every ACL the stage needs.
   */
  public static Optional<String> describe(
      Throwable failure,
      String stage,
      String task,
      Set<String> readTopics,
      String transactionalId) {
    Optional<AuthorizationException> denied = in(failure);
    if (denied.isEmpty()) {
      return Optional.empty();
    }
    AuthorizationException e = denied.get();
    String what;
    if (e instanceof TopicAuthorizationException t) {
      TreeSet<String> topics = new TreeSet<>(t.unauthorizedTopics());
      String operation = readTopics.containsAll(topics) && !topics.isEmpty() ? "READ" : "WRITE";
      what = operation + " on topic " + String.join(", ", topics);
    } else if (e instanceof GroupAuthorizationException g) {
      what = "READ on group " + g.groupId();
    } else if (e instanceof TransactionalIdAuthorizationException) {
      what =
          "WRITE on transactional id "
              + (transactionalId == null ? "(the stage's)" : transactionalId);
    } else if (e instanceof ClusterAuthorizationException) {
      what =
          "an operation on the cluster (an idempotent producer is refused its producer id"
              + " unless it may WRITE a topic it writes)";
    } else {
      what = "an operation";
    }
    return Optional.of(
        "Not authorized: "
            + what
            + " is missing for this "
            + stage
            + "'s principal ("
            + e.getMessage()
            + "). `distillery acls --stage "
            + stage
            + " --principal User:<name> --task "
            + task
            + "` prints every ACL it needs.");
  }
}
