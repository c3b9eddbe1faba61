package io.distillery.schemas.topics;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The topic set of one task: {@code <task>.raw}, {@code .labeled}, {@code .accepted}, {@code
 * .rejected}, {@code .dlq} and {@code .student-versions}, with the size limit every reader and
 * writer works to. Every component names topics through this class, never by string concatenation
 * of its own. How many partitions and replicas they get is a {@link TopicLayout}, given when the
 * topics are created.
 *
 * @param task the task name, e.g. {@code fmnist} or {@code asr-en}
 * @param maxMessageBytes {@code max.message.bytes} of the data topics, which must hold the largest
 *     inline payload plus its envelope
 */
public record TaskTopics(String task, int maxMessageBytes) {

  /** Default inline payload limit: payloads above it travel by claim check. */
  public static final int DEFAULT_INLINE_LIMIT_BYTES = 512 * 1024;

  /** Room for the record envelope, ids, references and model outputs around the payload. */
  public static final int ENVELOPE_ALLOWANCE_BYTES = 512 * 1024;

  /**
   * Bytes a record batch adds around one record's key and value (batch header, record framing); a
   * value must stay this much below {@code max.message.bytes}.
   */
  public static final int RECORD_OVERHEAD_BYTES = 256;

  private static final Pattern TASK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** Validates the task name and sizes at once. */
  public TaskTopics {
    if (task == null || !TASK_NAME.matcher(task).matches()) {
      throw new IllegalArgumentException(
          "Task name '"
              + task
              + "' is invalid: use 1-63 lower-case letters, digits, '-' or '_', starting with a"
              + " letter or digit");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "max.message.bytes must be >= 1024, got " + maxMessageBytes);
    }
  }

  /**
   * The tasks among a cluster's topics: those whose {@code <task>.raw} topic is among {@code
   * topicNames}, sorted. A topic that ends in {@code .raw} without a valid task name before it is
   * not a task's.
   */
  public static SortedSet<String> tasksAmong(Collection<String> topicNames) {
    String suffix = ".raw";
    SortedSet<String> tasks = new TreeSet<>();
    for (String topic : topicNames) {
      if (topic.endsWith(suffix)) {
        String task = topic.substring(0, topic.length() - suffix.length());
        if (TASK_NAME.matcher(task).matches()) {
          tasks.add(task);
        }
      }
    }
    return tasks;
  }

  /** The topic set with room for the default inline limit; fails on an invalid task name. */
  public static TaskTopics of(String task) {
    return withInlineLimit(task, DEFAULT_INLINE_LIMIT_BYTES);
  }

  /** The topic set with room for an inline payload of {@code inlineLimitBytes}. */
  public static TaskTopics withInlineLimit(String task, int inlineLimitBytes) {
    return new TaskTopics(task, maxMessageBytesFor(inlineLimitBytes));
  }

  /** The {@code max.message.bytes} that holds a payload of {@code inlineLimitBytes} inline. */
  public static int maxMessageBytesFor(int inlineLimitBytes) {
    return inlineLimitBytes + ENVELOPE_ALLOWANCE_BYTES;
  }

  /**
   * The largest value a data topic takes with a key of {@code keyBytes}: {@code max.message.bytes}
   * less the key and the record framing. A stage checks what it writes against this, so an
   * oversized record becomes a dead letter instead of a send the broker refuses.
   */
  public int maxValueBytes(int keyBytes) {
    return maxMessageBytes - RECORD_OVERHEAD_BYTES - Math.max(0, keyBytes);
  }

  /** {@code <task>.raw}: unlabelled samples from the producers. */
  public String raw() {
    return task + ".raw";
  }

  /** {@code <task>.labeled}: samples with every model's output, from the labeler. */
  public String labeled() {
    return task + ".labeled";
  }

  /** {@code <task>.accepted}: scored records the filter kept for training. */
  public String accepted() {
    return task + ".accepted";
  }

  /** {@code <task>.rejected}: scored records the filter dropped, with reasons. */
  public String rejected() {
    return task + ".rejected";
  }

  /** {@code <task>.dlq}: records any stage could not process, with the reason. */
  public String dlq() {
    return task + ".dlq";
  }

  /** {@code <task>.student-versions}: compacted log of published student versions. */
  public String studentVersions() {
    return task + ".student-versions";
  }

  /** The names of every topic of the task, in flow order. */
  public List<String> names() {
    return List.of(raw(), labeled(), accepted(), rejected(), dlq(), studentVersions());
  }

  /**
   * Every topic of the task with its partitions, replicas and configs, in flow order. A layout that
   * leaves replication to the cluster is shown as for one broker; {@code TopicProvisioner} decides
   * it for the cluster before creating the topics.
   */
  public List<TopicSpec> specs(TopicLayout layout) {
    TopicLayout decided = layout.resolved() ? layout : layout.forCluster(1, warning -> {});
    int partitions = decided.partitions();
    short replicationFactor = decided.replicationFactor();
    String inSync = Short.toString(decided.minInsyncReplicas());
    Map<String, String> data = new LinkedHashMap<>();
    data.put("max.message.bytes", Integer.toString(maxMessageBytes));
    data.put("cleanup.policy", "delete");
    data.put("min.insync.replicas", inSync);
    Map<String, String> compacted = new LinkedHashMap<>();
    compacted.put("cleanup.policy", "compact");
    compacted.put("max.message.bytes", Integer.toString(maxMessageBytes));
    compacted.put("min.insync.replicas", inSync);
    return List.of(
        new TopicSpec(raw(), partitions, replicationFactor, data),
        new TopicSpec(labeled(), partitions, replicationFactor, data),
        new TopicSpec(accepted(), partitions, replicationFactor, data),
        new TopicSpec(rejected(), partitions, replicationFactor, data),
        new TopicSpec(dlq(), partitions, replicationFactor, data),
        new TopicSpec(studentVersions(), 1, replicationFactor, compacted));
  }
}
