package io.distillery.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Times a stage by its output: a read_committed reader of the output topics notes when the first
 * output record arrives and when the n-th does, so every stage and its baseline are timed alike
 * (start-up excluded, commit latency included).
 */
final class OutputClock implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;

  OutputClock(String bootstrap, List<String> topics) {
    consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                "bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Reads until {@code n} output records have arrived; returns the records/s that arrived after the
   * first poll that returned any, over the time since that poll.
   *
   * @throws IllegalStateException when fewer than {@code n} arrive within {@code timeout}
   */
  double awaitRate(long n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long first = 0;
    long firstBatch = 0;
    long seen = 0;
    while (seen < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + seen + " of " + n + " output records arrived");
      }
      int count = consumer.poll(Duration.ofMillis(50)).count();
      if (count > 0 && seen == 0) {
        first = System.nanoTime();
        firstBatch = count;
      }
      seen += count;
    }
    return (seen - firstBatch) / ((System.nanoTime() - first) / 1e9);
  }

  /**
   * Reads until {@code n} output records have arrived, then returns {@code n} over the time from
   * {@code startNanos} to {@code endNanos}: {@link System#nanoTime()} values the caller took when
   * its stage read its first input and when its last output was durable (flushed, or its last
   * transaction committed). For loops fast enough to finish in a few commits, where the arrival of
   * the first output says little about when the work began; the read here only proves every record
   * is there for a read_committed reader.
   *
   * @throws IllegalStateException when fewer than {@code n} arrive within {@code timeout}
   */
  double confirmRate(long startNanos, long endNanos, long n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long seen = 0;
    while (seen < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + seen + " of " + n + " output records arrived");
      }
      seen += consumer.poll(Duration.ofMillis(50)).count();
    }
    return n / ((endNanos - startNanos) / 1e9);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
