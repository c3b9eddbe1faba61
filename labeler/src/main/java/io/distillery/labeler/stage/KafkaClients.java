package io.distillery.labeler.stage;

import io.distillery.labeler.config.LabelerConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The labeler's Kafka clients: the settings exactly-once needs, then the pass-through overrides.
 */
final class KafkaClients {

  private KafkaClients() {}

  static KafkaConsumer<byte[], byte[]> consumer(LabelerConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-consumer");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 256);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * config.topics().maxMessageBytes());
    p.putAll(config.consumerOverrides());
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static KafkaProducer<byte[], byte[]> producer(LabelerConfig config) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, config.transactionalId() + "-producer");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // a transaction carries hundreds of labels: 16 KiB batches (the default) make its commit wait
    // for dozens of produce round trips
    p.put(
        ProducerConfig.BATCH_SIZE_CONFIG, Math.min(256 * 1024, config.topics().maxMessageBytes()));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.topics().maxMessageBytes());
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    p.putAll(config.producerOverrides());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
