package io.distillery.monitor.tail;

import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every task's accepted, rejected, dead-letter and student-version topics from the start
 * (read_committed, no consumer group: the monitor never disturbs the stages) and keeps a {@link
 * TaskTally} per task.
 */
public final class OutputTail implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OutputTail.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, TaskTally> tallies = new HashMap<>();
  private final Map<String, String> taskOfTopic = new HashMap<>();
  private final Set<TopicPartition> assigned = new HashSet<>();
  private final AvroSerde<LabeledRecord> labeled;
  private final AvroSerde<ScoredRecord> scored;
  private final AvroSerde<DeadLetter> deadLetters;
  private final AvroSerde<StudentVersion> versions;

  /** A tail with its own consumer, reading the wire format the client settings name. */
  public OutputTail(String bootstrapServers, Map<String, Object> clientOverrides) {
    WireFormat format = WireFormat.from(clientOverrides);
    this.labeled = Serdes.labeled(format);
    this.scored = Serdes.scored(format);
    this.deadLetters = Serdes.deadLetter(format);
    this.versions = Serdes.studentVersion(format);
    this.consumer =
        CommittedReader.consumer(bootstrapServers, clientOverrides, "distillery-monitor-tail");
  }

  /**
   * Follows {@code partitions} (of task output topics) from their beginning, in addition to those
   * followed.
   */
  public void follow(Set<String> tasks, Set<TopicPartition> partitions) {
    for (String task : tasks) {
      TaskTopics topics = TaskTopics.of(task);
      tallies.computeIfAbsent(task, t -> new TaskTally());
      for (String topic :
          List.of(
              topics.labeled(),
              topics.accepted(),
              topics.rejected(),
              topics.dlq(),
              topics.studentVersions())) {
        taskOfTopic.put(topic, task);
      }
    }
    Set<TopicPartition> wanted = new HashSet<>();
    for (TopicPartition tp : partitions) {
      if (taskOfTopic.containsKey(tp.topic())) {
        wanted.add(tp);
      }
    }
    if (!assigned.containsAll(wanted)) {
      Set<TopicPartition> added = new HashSet<>(wanted);
      added.removeAll(assigned);
      assigned.addAll(wanted);
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
    }
  }

  /** Reads what arrived since the last call, for at most {@code budget}. */
  public void poll(Duration budget) {
    if (assigned.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    while (System.nanoTime() < deadline) {
      var records = consumer.poll(Duration.ofMillis(100));
      if (records.isEmpty()) {
        return;
      }
      for (ConsumerRecord<byte[], byte[]> record : records) {
        apply(record);
      }
    }
  }

  /** The tally of {@code task}, empty if nothing of it was read yet. */
  public TaskTally tally(String task) {
    return tallies.computeIfAbsent(task, t -> new TaskTally());
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    String task = taskOfTopic.get(record.topic());
    if (task == null) {
      return;
    }
    if (record.value() == null) {
      tally(task).onRecord(record.topic());
      return;
    }
    TaskTally tally = tally(task);
    tally.onRecord(record.topic());
    TaskTopics topics = TaskTopics.of(task);
    try {
      if (record.topic().equals(topics.labeled())) {
        tally.onLabeled(labeled.decode(record.value()));
      } else if (record.topic().equals(topics.dlq())) {
        tally.onDeadLetter(deadLetters.decode(record.value()));
      } else if (record.topic().equals(topics.studentVersions())) {
        tally.onVersion(versions.decode(record.value()));
      } else {
        tally.onScored(scored.decode(record.value()));
      }
    } catch (SerializationException e) {
      LOG.warn(
          "Undecodable record at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      tally.onUndecodable();
      if (record.topic().equals(topics.labeled())) {
        tally.onLabeled();
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
