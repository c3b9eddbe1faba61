package io.distillery.monitor.probe;

import io.distillery.kafka.CommittedReader;
import io.distillery.monitor.model.PartitionLag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds when the oldest record a consumer group has not consumed was written: the Kafka timestamp
 * of the first committed record at or after the group's committed offset (read_committed, no group,
 * nothing committed). This is lag in time measured, not interpolated: a partition whose group
 * stopped an hour ago reads an hour even if nothing was written since. A timestamp is looked up
 * once per partition and offset, so groups that do not move cost no fetch; the lookups of one
 * refresh share a time budget, and a partition not answered within it is reported as unknown.
 */
public final class UnreadAge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UnreadAge.class);
  private static final int CACHE_ENTRIES = 10_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration budget;
  private final Map<Offset, Long> timestamps =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Offset, Long> eldest) {
          return size() > CACHE_ENTRIES;
        }
      };

  private record Offset(TopicPartition partition, long offset) {}

  /** A reader with its own consumer; {@code budget} bounds the lookups of one call. */
  public UnreadAge(String bootstrapServers, Map<String, Object> clientOverrides, Duration budget) {
    Map<String, Object> config = new HashMap<>(clientOverrides);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    this.consumer = CommittedReader.consumer(bootstrapServers, config, "distillery-monitor-age");
    this.budget = budget;
  }

  /**
   * {@code lags} with {@link PartitionLag#oldestUnreadAt()} filled in where the group is behind; a
   * group that never committed is taken to start at {@code begins} (the log start).
   */
  public List<PartitionLag> withAges(List<PartitionLag> lags, Map<TopicPartition, Long> begins) {
    long deadline = System.nanoTime() + budget.toNanos();
    List<PartitionLag> out = new ArrayList<>(lags.size());
    for (PartitionLag lag : lags) {
      if (lag.lag() == 0) {
        out.add(lag.withOldestUnreadAt(-1));
        continue;
      }
      TopicPartition tp = new TopicPartition(lag.topic(), lag.partition());
      long from = lag.committed() >= 0 ? lag.committed() : begins.getOrDefault(tp, 0L);
      Offset key = new Offset(tp, from);
      Long at = timestamps.get(key);
      if (at == null && System.nanoTime() < deadline) {
        at = read(key, lag.end(), deadline);
        if (at != null && at != PartitionLag.NOTHING_UNREAD) {
          // a record's time never changes; "nothing unread" does once records arrive
          timestamps.put(key, at);
        }
      }
      out.add(lag.withOldestUnreadAt(at == null ? -1 : at));
    }
    return out;
  }

  /**
   * The timestamp of the first committed record at or after the offset; {@link
   * PartitionLag#NOTHING_UNREAD} when the rest of the partition up to {@code end} holds none (only
   * transaction markers or aborted records: a group that committed after a transaction's last
   * record is caught up, though its offset lag reads 1); null if the budget ran out first.
   */
  private Long read(Offset key, long end, long deadline) {
    try {
      consumer.assign(List.of(key.partition()));
      consumer.seek(key.partition(), key.offset());
      while (System.nanoTime() < deadline) {
        long leftMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        for (ConsumerRecord<byte[], byte[]> record :
            consumer.poll(Duration.ofMillis(Math.min(leftMillis, 50)))) {
          if (record.offset() >= key.offset()) {
            return record.timestamp();
          }
        }
        if (consumer.position(key.partition()) >= end) {
          return PartitionLag.NOTHING_UNREAD;
        }
      }
    } catch (RetriableException e) {
      LOG.debug("No timestamp for {} at {}: {}", key.partition(), key.offset(), e.getMessage());
    }
    return null;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
