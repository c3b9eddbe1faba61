package io.distillery.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads everything committed in some topics: from the beginning (or from where the last read
 * stopped) up to each partition's end at the time of the read, with {@code read_committed}, so
 * aborted transactions and their markers are never counted. It connects with the client settings
 * every command takes (TLS, SASL), and a read that cannot reach the ends in time fails with an
 * error naming how far it got, never with a silently partial result.
 */
public final class CommittedReader implements AutoCloseable {

  /** How long a read may take unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();

  /**
   * A reader of {@code topics}, positioned at their beginnings.
   *
   * @param clientOverrides client settings passed through (security, timeouts)
   */
  public CommittedReader(
      String bootstrapServers, Map<String, Object> clientOverrides, List<String> topics) {
    Map<String, Object> config = new HashMap<>(clientOverrides);
    config.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
    consumer = consumer(bootstrapServers, config, null);
    try {
      for (String topic : topics) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (RuntimeException e) {
      consumer.close();
      throw new IllegalStateException(
          "Cannot read topics " + topics + " at " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }

  /**
   * The records after the last read, up to the ends of the partitions now.
   *
   * @throws IllegalStateException when no record arrives for {@code timeout} before the ends
   */
  public List<ConsumerRecord<byte[], byte[]>> readToEnd(Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    forEachToEnd(timeout, records::add);
    return records;
  }

  /**
   * Hands each record after the last read, up to the ends of the partitions now, to {@code each},
   * holding none: for topics too large to keep in memory.
   *
   * @throws IllegalStateException when no record arrives for {@code stall} before the ends
   */
  public void forEachToEnd(Duration stall, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, stall);
    long read = 0;
    long deadline = System.nanoTime() + stall.toNanos();
    while (!atEnd(ends)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Read "
                + read
                + " records but no more for "
                + stall.toSeconds()
                + " s before every partition's end: positions "
                + positions()
                + ", ends "
                + ends);
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        each.accept(r);
        read++;
        deadline = System.nanoTime() + stall.toNanos();
      }
    }
  }

  private boolean atEnd(Map<TopicPartition, Long> ends) {
    return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
  }

  private Map<TopicPartition, Long> positions() {
    Map<TopicPartition, Long> positions = new HashMap<>();
    partitions.forEach(p -> positions.put(p, consumer.position(p)));
    return positions;
  }

  /** Every committed record of {@code topics}, read once. */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, Map<String, Object> clientOverrides, List<String> topics) {
    try (CommittedReader reader = new CommittedReader(bootstrapServers, clientOverrides, topics)) {
      return reader.readToEnd(DEFAULT_TIMEOUT);
    }
  }

  /** Every committed value of {@code topics}, decoded. */
  public static <T> List<T> readValues(
      String bootstrapServers,
      Map<String, Object> clientOverrides,
      List<String> topics,
      Function<byte[], T> decode) {
    return readAll(bootstrapServers, clientOverrides, topics).stream()
        .map(r -> decode.apply(r.value()))
        .toList();
  }

  @Override
  public void close() {
    consumer.close();
  }

  /**
   * A consumer of committed records (read_committed) that belongs to no group and commits nothing,
   * so reading never disturbs the stages: what every reader of the product's topics outside a stage
   * uses.
   *
   * @param clientOverrides client settings passed through (security, timeouts)
   * @param clientId the client id when the overrides name none; null for Kafka's default
   */
  public static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrapServers, Map<String, Object> clientOverrides, String clientId) {
    Map<String, Object> config = new HashMap<>(clientOverrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (clientId != null) {
      config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    }
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
