package io.distillery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.broker.EmbeddedKafkaCluster;
import io.distillery.kafka.CommittedReader;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft brokers in this JVM: the topics the product creates get production replication, and
 * transactional writes survive the loss of the partition leader's broker.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplicatedClusterIT {

  private static final int RECORDS = 3_000;
  private static final int PER_TRANSACTION = 100;

  @TempDir Path dir;

  @Test
  void shouldReplicateTaskTopicsThreeTimesAndKeepEveryCommittedRecordWhenALeaderDies()
      throws Exception {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir, 3, 0, Map.of());
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      TaskTopics topics = TaskTopics.of("replicated");
      TopicProvisioner.ensure(admin, topics, TopicLayout.partitions(2));

      Map<String, TopicDescription> described =
          admin.describeTopics(topics.names()).allTopicNames().get();
      for (TopicDescription d : described.values()) {
        d.partitions().forEach(p -> assertThat(p.replicas()).as(d.name()).hasSize(3));
      }
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(
                  topics.names().stream()
                      .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                      .toList())
              .all()
              .get();
      configs.forEach(
          (r, c) -> assertThat(c.get("min.insync.replicas").value()).as(r.name()).isEqualTo("2"));

      int leader = described.get(topics.raw()).partitions().get(0).leader().id();
      try (KafkaProducer<byte[], byte[]> producer = transactional(cluster.bootstrapServers())) {
        producer.initTransactions();
        for (int sent = 0; sent < RECORDS; sent += PER_TRANSACTION) {
          if (sent == RECORDS / 3) {
            cluster.stop(leader); // the leader of raw/0 goes away mid-stream
          }
          if (sent == 2 * RECORDS / 3) {
            cluster.restart(leader);
          }
          producer.beginTransaction();
          for (int i = sent; i < sent + PER_TRANSACTION; i++) {
            producer.send(
                new ProducerRecord<>(
                    topics.raw(), i % 2, null, ByteBuffer.allocate(4).putInt(i).array()));
          }
          producer.commitTransaction();
        }
      }

      List<ConsumerRecord<byte[], byte[]>> read =
          CommittedReader.readAll(cluster.bootstrapServers(), Map.of(), List.of(topics.raw()));
      Set<Integer> values = new HashSet<>();
      read.forEach(r -> values.add(ByteBuffer.wrap(r.value()).getInt()));
      assertThat(read).as("every committed record once, none twice").hasSize(RECORDS);
      assertThat(values).hasSize(RECORDS);
    }
  }

  private static KafkaProducer<byte[], byte[]> transactional(String bootstrap) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "replicated-writer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
