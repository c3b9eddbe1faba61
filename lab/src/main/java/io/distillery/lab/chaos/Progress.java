package io.distillery.lab.chaos;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts committed records on a task's outcome topics as they arrive (records, not offsets, which
 * also count transaction markers), so the harness knows when everything has been decided.
 */
final class Progress implements AutoCloseable {

  /**
   * Committed outcomes so far.
   *
   * @param accepted records on the accepted topic
   * @param rejected records on the rejected topic
   * @param deadLettered dead letters of the labeler and the filter
   */
  record Counts(long accepted, long rejected, long deadLettered) {

    long decided() {
      return accepted + rejected + deadLettered;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TaskTopics topics;
  private long accepted;
  private long rejected;
  private long deadLettered;

  Progress(String bootstrap, TaskTopics topics) {
    this.topics = topics;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(topics.accepted(), topics.rejected(), topics.dlq())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what arrived since the last call and returns the totals. */
  Counts counts() {
    for (int i = 0; i < 5; i++) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        if (r.topic().equals(topics.accepted())) {
          accepted++;
        } else if (r.topic().equals(topics.rejected())) {
          rejected++;
        } else {
          DeadLetter letter = Serdes.deadLetter().decode(r.value());
          if (!"trainer".equals(letter.getStage())) {
            deadLettered++;
          }
        }
      }
    }
    return new Counts(accepted, rejected, deadLettered);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
