package io.distillery.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a topic with {@code read_committed} from its beginning until {@code expected} records
 * have arrived, noting when the first and the last arrived and whether any key came twice. What a
 * downstream reader sees is what is timed: labels count once their transaction has committed.
 */
final class CommittedTail implements AutoCloseable {

  /**
   * What the tail saw.
   *
   * @param records records read
   * @param distinctKeys distinct keys among them
   * @param firstBatch records in the first non-empty poll (they arrived before timing began)
   * @param firstNanos when the first non-empty poll returned
   * @param lastNanos when the last expected record arrived
   */
  record Seen(long records, long distinctKeys, long firstBatch, long firstNanos, long lastNanos) {

    /**
     * Fails unless exactly {@code expected} records with as many distinct keys arrived: each input
     * record labeled once, none lost, none twice.
     *
     * @param what the run, for the message
     */
    void requireExactlyOnce(long expected, String what) {
      if (records != expected || distinctKeys != expected) {
        throw new IllegalStateException(
            String.format(
                java.util.Locale.ROOT,
                "%s: the output holds %d records with %d distinct keys for %d input records: not"
                    + " exactly once",
                what,
                records,
                distinctKeys,
                expected));
      }
    }

    /** Records per second from the first poll with records to the last record. */
    double steadyRate() {
      return (records - firstBatch) / ((lastNanos - firstNanos) / 1e9);
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;

  /** A tail on every partition of {@code topic}, from the beginning. */
  CommittedTail(String bootstrap, String topic, int partitions) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> all =
        java.util.stream.IntStream.range(0, partitions)
            .mapToObj(i -> new TopicPartition(topic, i))
            .toList();
    consumer.assign(all);
    consumer.seekToBeginning(all);
  }

  /** What a caller sees of each record as it arrives. */
  interface Observer {
    /**
     * One record, read by the poll that returned at {@code pollNanos} ({@link System#nanoTime()})
     * and {@code pollMillis} (the wall clock).
     */
    void seen(ConsumerRecord<byte[], byte[]> record, long pollNanos, long pollMillis);
  }

  /** Reads until {@code expected} records arrived; fails after {@code timeout}. */
  Seen await(long expected, Duration timeout) throws TimeoutException {
    return await(expected, timeout, (record, nanos, millis) -> {});
  }

  /** As {@link #await(long, Duration)}, showing each record to {@code observer}. */
  Seen await(long expected, Duration timeout, Observer observer) throws TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    Set<ByteBuffer> keys = new HashSet<>();
    long records = 0;
    long firstBatch = -1;
    long firstNanos = 0;
    while (records < expected) {
      if (System.nanoTime() > end) {
        throw new TimeoutException(
            "only " + records + " of " + expected + " committed records within " + timeout);
      }
      var batch = consumer.poll(Duration.ofMillis(20));
      if (batch.isEmpty()) {
        continue;
      }
      long pollNanos = System.nanoTime();
      long pollMillis = System.currentTimeMillis();
      for (ConsumerRecord<byte[], byte[]> r : batch) {
        keys.add(ByteBuffer.wrap(r.key()));
        observer.seen(r, pollNanos, pollMillis);
      }
      records += batch.count();
      if (firstBatch < 0) {
        firstBatch = batch.count();
        firstNanos = pollNanos;
      }
    }
    return new Seen(records, keys.size(), firstBatch, firstNanos, System.nanoTime());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
