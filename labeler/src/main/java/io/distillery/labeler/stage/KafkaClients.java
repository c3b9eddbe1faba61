package io.distillery.labeler.stage;

import io.distillery.kafka.GroupProtocol;
import io.distillery.labeler.config.LabelerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labeler's Kafka clients: the settings exactly-once needs, then the pass-through overrides.
 */
final class KafkaClients {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

  /** Consumer settings of the classic protocol that the consumer protocol refuses. */
  private static final Set<String> CLASSIC_ONLY =
      Set.of(
          ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
          ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);

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
    if (!config.consumerOverrides().containsKey(ConsumerConfig.GROUP_PROTOCOL_CONFIG)) {
      Map<String, Object> cluster = new HashMap<>(config.consumerOverrides());
      cluster.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
      GroupProtocol protocol = config.groupProtocol().resolve(cluster);
      p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol.configValue());
      LOG.info("Consumer group {}: {} protocol", config.groupId(), protocol.configValue());
    }
    if (GroupProtocol.CONSUMER
        .configValue()
        .equalsIgnoreCase(String.valueOf(p.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
      List<String> classicOnly = CLASSIC_ONLY.stream().filter(p::containsKey).sorted().toList();
      if (!classicOnly.isEmpty()) {
        classicOnly.forEach(p::remove);
        LOG.warn(
            "Ignoring {} under the consumer group protocol: the brokers' group.consumer.*"
                + " settings govern sessions, heartbeats and assignment (--group-protocol classic"
                + " keeps them)",
            classicOnly);
      }
    }
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
