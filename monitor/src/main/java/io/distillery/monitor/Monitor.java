package io.distillery.monitor;

import io.distillery.monitor.health.PartitionStatus;
import io.distillery.monitor.health.StallDetector;
import io.distillery.monitor.model.PartitionLag;
import io.distillery.monitor.model.RateTracker;
import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.model.TopicRate;
import io.distillery.monitor.probe.ClusterProbe;
import io.distillery.monitor.probe.UnreadAge;
import io.distillery.monitor.tail.OutputTail;
import io.distillery.monitor.tail.TaskTally;
import io.distillery.schemas.topics.TaskTopics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes snapshots of a cluster: for every task (or the chosen ones), topic sizes and rates, each
 * consumer group's lag per partition, acceptance, recent rejection reasons, dead letters and
 * student versions. Keeps a bounded history for charts. Call {@link #refresh()} from one thread;
 * {@link #latest()} and {@link #history()} may be read from any thread.
 */
public final class Monitor implements AutoCloseable {

  /** The window over which a partition that does not move is judged stalled. */
  public static final Duration DEFAULT_STALL_WINDOW = Duration.ofSeconds(60);

  /** How long one refresh may spend looking up when the oldest unread records were written. */
  static final Duration AGE_BUDGET = Duration.ofSeconds(2);

  /** How many snapshots the history keeps. */
  public static final int HISTORY_SIZE = 900;

  private final ClusterProbe probe;
  private final OutputTail tail;
  private final UnreadAge ages;
  private final Set<String> onlyTasks;
  private boolean accessChecked;
  private final Clock clock;
  private final RateTracker rates = new RateTracker();
  private final StallDetector health;
  private final Deque<Snapshot> history = new ArrayDeque<>();
  private volatile Snapshot latest = new Snapshot(0, List.of());

  /**
   * A monitor of the cluster at {@code bootstrapServers}.
   *
   * @param onlyTasks tasks to show; empty shows every task the cluster has
   */
  public Monitor(
      String bootstrapServers, Map<String, Object> clientOverrides, Set<String> onlyTasks) {
    this(bootstrapServers, clientOverrides, onlyTasks, DEFAULT_STALL_WINDOW);
  }

  /**
   * A monitor that judges stalled partitions over {@code stallWindow}.
   *
   * @param onlyTasks tasks to show; empty shows every task the cluster has
   */
  public Monitor(
      String bootstrapServers,
      Map<String, Object> clientOverrides,
      Set<String> onlyTasks,
      Duration stallWindow) {
    this(
        new ClusterProbe(bootstrapServers, clientOverrides),
        new OutputTail(bootstrapServers, clientOverrides),
        new UnreadAge(bootstrapServers, clientOverrides, AGE_BUDGET),
        onlyTasks,
        Clock.systemUTC(),
        stallWindow);
  }

  Monitor(
      ClusterProbe probe,
      OutputTail tail,
      UnreadAge ages,
      Set<String> onlyTasks,
      Clock clock,
      Duration stallWindow) {
    this.health = new StallDetector(stallWindow);
    this.probe = probe;
    this.tail = tail;
    this.ages = ages;
    this.onlyTasks = Set.copyOf(onlyTasks);
    this.clock = clock;
  }

  /** Reads the cluster once and returns the new snapshot. */
  public Snapshot refresh() {
    // a task asked for by name is shown even where its topics are not visible, and checked once,
    // so that a missing ACL stops the monitor with its name instead of showing an empty task
    Set<String> tasks =
        onlyTasks.isEmpty() ? new HashSet<>(probe.tasks()) : new HashSet<>(onlyTasks);
    if (!accessChecked) {
      onlyTasks.forEach(probe::requireAccess);
      accessChecked = true;
    }
    List<String> topics = new ArrayList<>();
    for (String task : tasks) {
      topics.addAll(TaskTopics.of(task).names());
    }
    Map<TopicPartition, Long> ends = probe.endOffsets(topics);
    Map<TopicPartition, Long> begins = probe.beginningOffsets(ends.keySet());
    tail.follow(tasks, ends.keySet());
    tail.poll(Duration.ofSeconds(2));
    long now = clock.millis();
    List<PartitionLag> lag = ages.withAges(judged(probe.lag(ends), now), begins);
    List<TaskView> views = new ArrayList<>();
    for (String task : tasks.stream().sorted().toList()) {
      views.add(view(task, ends, begins, lag, now));
    }
    Snapshot snapshot = new Snapshot(now, views);
    synchronized (history) {
      history.addLast(snapshot);
      while (history.size() > HISTORY_SIZE) {
        history.removeFirst();
      }
    }
    latest = snapshot;
    return snapshot;
  }

  /** The lag samples with their status over the window. */
  private List<PartitionLag> judged(List<PartitionLag> lag, long now) {
    Set<String> groups = new java.util.TreeSet<>();
    lag.forEach(l -> groups.add(l.group()));
    Map<PartitionLag, PartitionStatus> status =
        health.evaluate(lag, probe.membersByGroup(groups), now);
    return lag.stream().map(l -> l.withStatus(status.get(l))).toList();
  }

  private TaskView view(
      String task,
      Map<TopicPartition, Long> ends,
      Map<TopicPartition, Long> begins,
      List<PartitionLag> lag,
      long now) {
    TaskTopics names = TaskTopics.of(task);
    Set<String> taskTopics = Set.copyOf(names.names());
    TaskTally tally = tail.tally(task);
    List<TopicRate> topicRates = new ArrayList<>();
    for (String topic : names.names()) {
      topicRates.add(rates.observe(topic, records(topic, names.raw(), tally, ends, begins), now));
    }
    List<PartitionLag> taskLag = lag.stream().filter(l -> taskTopics.contains(l.topic())).toList();
    return new TaskView(
        task,
        topicRates,
        taskLag,
        tally.labeled(),
        tally.accepted(),
        tally.soft(),
        tally.rejected(),
        tally.deadLetters(),
        tally.deadLettersByKind(),
        tally.reasonCounts(),
        tally.lastErrors(),
        tally.versions(),
        tally.latencies());
  }

  /**
   * Records in {@code topic}: those the tail read for the topics stages write in transactions,
   * whose offsets also count transaction markers and aborted records; for the raw topic, written
   * without transactions, one record per offset still in the log.
   */
  private static long records(
      String topic,
      String rawTopic,
      TaskTally tally,
      Map<TopicPartition, Long> ends,
      Map<TopicPartition, Long> begins) {
    Long read = tally.records(topic);
    if (read != null || !topic.equals(rawTopic)) {
      return read == null ? 0 : read;
    }
    return ends.entrySet().stream()
        .filter(e -> e.getKey().topic().equals(topic))
        .mapToLong(e -> e.getValue() - begins.getOrDefault(e.getKey(), 0L))
        .sum();
  }

  /** The most recent snapshot (empty before the first refresh). */
  public Snapshot latest() {
    return latest;
  }

  /** The kept snapshots, oldest first. */
  public List<Snapshot> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  @Override
  public void close() {
    tail.close();
    ages.close();
    probe.close();
  }
}
