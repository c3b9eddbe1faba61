package io.distillery.lab.corpus;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything committed to a task's topics, by record key, read with {@code read_committed} as the
 * next stage would: raw and labeled keys, accepted and rejected records, dead letters.
 */
final class Landed implements AutoCloseable {

  /** What one topic holds: every value per key, in offset order. */
  static final class Topic {
    final Map<String, List<byte[]>> byKey = new LinkedHashMap<>();

    int count(String key) {
      return byKey.getOrDefault(key, List.of()).size();
    }

    long total() {
      return byKey.values().stream().mapToLong(List::size).sum();
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Topic> topics = new HashMap<>();

  Landed(String bootstrapServers, List<TaskTopics> tasks) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (TaskTopics t : tasks) {
      for (String name : List.of(t.raw(), t.labeled(), t.accepted(), t.rejected(), t.dlq())) {
        topics.put(name, new Topic());
        for (int i = 0; i < t.partitions(); i++) {
          partitions.add(new TopicPartition(name, i));
        }
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads up to the current end (last stable offset) of every topic. */
  Landed refresh() {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        topics.get(r.topic()).byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value());
      }
    }
    return this;
  }

  Topic topic(String name) {
    return topics.get(name);
  }

  /** The dead letters of {@code key} on {@code dlqTopic}, decoded. */
  List<DeadLetter> deadLetters(String dlqTopic, String key) {
    return topic(dlqTopic).byKey.getOrDefault(key, List.of()).stream()
        .map(v -> Serdes.deadLetter().decode(v))
        .toList();
  }

  /** The scored records of {@code key} on an accepted or rejected topic that decode. */
  List<ScoredRecord> scored(String topic, String key) {
    List<ScoredRecord> out = new ArrayList<>();
    for (byte[] v : topic(topic).byKey.getOrDefault(key, List.of())) {
      try {
        out.add(Serdes.scored().decode(v));
      } catch (RuntimeException notScored) {
        // a corpus case wrote junk there; its dead letter tells its fate
      }
    }
    return out;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
