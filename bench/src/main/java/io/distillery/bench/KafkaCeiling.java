package io.distillery.bench;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka's own ceiling on this machine's broker, the figure every stage's throughput is read
 * against: an idempotent acks=all producer sending as fast as it can, and a consumer reading the
 * topic back, both with payloads the size of a Fashion-MNIST raw record.
 */
public final class KafkaCeiling {

  /**
   * @param records records to send and read
   * @param payloadBytes bytes per record value
   * @param partitions partitions of the topic
   */
  public record Settings(int records, int payloadBytes, int partitions) {}

  private KafkaCeiling() {}

  /** Starts a broker of its own under {@code workDir} and measures. */
  public static List<BenchResult> run(Settings settings, Path workDir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka-ceiling"), 0)) {
      return run(settings, kafka.bootstrapServers());
    }
  }

  /** Measures against a running broker. */
  public static List<BenchResult> run(Settings settings, String bootstrap) {
    TaskTopics topics = TaskTopics.of("bench-ceiling");
    TopicProvisioner.ensure(bootstrap, topics, TopicLayout.partitions(settings.partitions()));
    byte[] payload = new byte[settings.payloadBytes()];
    new Random(7).nextBytes(payload);
    double produce = produce(bootstrap, topics.raw(), payload, settings.records());
    double consume = consume(bootstrap, topics.raw(), settings.records());
    String note =
        String.format(
            Locale.ROOT,
            "%d records of %d B, %d partitions, one client",
            settings.records(),
            settings.payloadBytes(),
            settings.partitions());
    return List.of(
        new BenchResult(
            "Kafka produce ceiling (idempotent, acks=all)",
            produce,
            Double.NaN,
            "records/s",
            Double.NaN,
            true,
            note),
        new BenchResult(
            "Kafka consume ceiling (read_committed)",
            consume,
            Double.NaN,
            "records/s",
            Double.NaN,
            true,
            note));
  }

  private static double produce(String bootstrap, String topic, byte[] payload, int records) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      long start = System.nanoTime();
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(topic, Integer.toString(i).getBytes(), payload),
            (metadata, e) -> {
              if (e != null) {
                throw new IllegalStateException("produce failed", e);
              }
            });
      }
      producer.flush();
      return records / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static double consume(String bootstrap, String topic, int records) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long seen = 0;
      long start = System.nanoTime();
      while (seen < records) {
        seen += consumer.poll(Duration.ofMillis(500)).count();
      }
      return seen / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Runs with {@code args[0]} records (default 100,000) and prints the table. */
  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    BenchTable table = new BenchTable(Machine.describe());
    run(new Settings(records, 1_200, 3), Files.createTempDirectory("kafka-ceiling-"))
        .forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
