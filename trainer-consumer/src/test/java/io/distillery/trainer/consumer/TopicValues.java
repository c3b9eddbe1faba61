package io.distillery.trainer.consumer;

import io.distillery.kafka.CommittedReader;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads every committed record value of a topic, for assertions. */
final class TopicValues {

  private TopicValues() {}

  static List<byte[]> read(String bootstrapServers, String topic) {
    return CommittedReader.readAll(bootstrapServers, Map.of(), List.of(topic)).stream()
        .map(ConsumerRecord::value)
        .toList();
  }
}
