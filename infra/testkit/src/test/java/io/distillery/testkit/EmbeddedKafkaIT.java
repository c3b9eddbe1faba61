package io.distillery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(120)
class EmbeddedKafkaIT {

  @TempDir Path dataDir;

  @Test
  void shouldServeRecordsProducedBeforeARestartOnTheSameDataDirectory() throws Exception {
    TaskTopics topics = TaskTopics.of("restart");
    try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0)) {
      TopicProvisioner.ensure(broker.bootstrapServers(), topics, TopicLayout.partitions(2));
      produce(broker.bootstrapServers(), topics.raw(), 50);
    }
    try (EmbeddedKafka restarted = EmbeddedKafka.start(dataDir, 0)) {
      List<String> values = consumeAll(restarted.bootstrapServers(), topics.raw(), 50);
      assertThat(values).hasSize(50).containsAll(expectedValues(50));
    }
  }

  @Test
  void shouldCreateTaskTopicsIdempotentlyWithTheirConfigs() throws Exception {
    TaskTopics topics = TaskTopics.of("idempotent");
    try (EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0)) {
      List<String> first =
          TopicProvisioner.ensure(broker.bootstrapServers(), topics, TopicLayout.partitions(3));
      List<String> second =
          TopicProvisioner.ensure(broker.bootstrapServers(), topics, TopicLayout.partitions(3));

      assertThat(first)
          .containsExactlyInAnyOrder(
              topics.raw(),
              topics.labeled(),
              topics.accepted(),
              topics.rejected(),
              topics.dlq(),
              topics.studentVersions());
      assertThat(second).isEmpty();
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        var descriptions =
            admin
                .describeTopics(Set.of(topics.raw(), topics.studentVersions()))
                .allTopicNames()
                .get();
        assertThat(descriptions.get(topics.raw()).partitions()).hasSize(3);
        assertThat(descriptions.get(topics.studentVersions()).partitions()).hasSize(1);
        ConfigResource versions =
            new ConfigResource(ConfigResource.Type.TOPIC, topics.studentVersions());
        ConfigResource raw = new ConfigResource(ConfigResource.Type.TOPIC, topics.raw());
        var configs = admin.describeConfigs(List.of(versions, raw)).all().get();
        assertThat(configs.get(versions).get("cleanup.policy").value()).isEqualTo("compact");
        ConfigEntry maxBytes = configs.get(raw).get("max.message.bytes");
        assertThat(Integer.parseInt(maxBytes.value()))
            .isGreaterThan(TaskTopics.DEFAULT_INLINE_LIMIT_BYTES);
      }
    }
  }

  private static List<String> expectedValues(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add("value-" + i);
    }
    return values;
  }

  private static void produce(String bootstrap, String topic, int count) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (String value : expectedValues(count)) {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
      }
    }
  }

  private static List<String> consumeAll(String bootstrap, String topic, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}
