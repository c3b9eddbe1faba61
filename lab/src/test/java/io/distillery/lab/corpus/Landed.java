package io.distillery.lab.corpus;

import io.distillery.kafka.CommittedReader;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

  private final CommittedReader reader;
  private final Map<String, Topic> topics = new HashMap<>();

  Landed(String bootstrapServers, List<TaskTopics> tasks) {
    List<String> names = new ArrayList<>();
    for (TaskTopics t : tasks) {
      for (String name : List.of(t.raw(), t.labeled(), t.accepted(), t.rejected(), t.dlq())) {
        topics.put(name, new Topic());
        names.add(name);
      }
    }
    reader = new CommittedReader(bootstrapServers, Map.of(), names);
  }

  /** Reads up to the current end (last stable offset) of every topic. */
  Landed refresh() {
    for (ConsumerRecord<byte[], byte[]> r : reader.readToEnd(Duration.ofSeconds(60))) {
      String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
      topics.get(r.topic()).byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.value());
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
    reader.close();
  }
}
