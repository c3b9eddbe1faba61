package io.distillery.monitor.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.registry.SchemaRegistryException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Prints a task topic's records as one JSON object per line: where it sits (topic, partition,
 * offset, timestamp, key) and its decoded value, payload bytes summarised ({@link RecordJson}); a
 * value that does not decode is printed with the error instead. Reads committed records without a
 * consumer group, so it never disturbs the stages: from the beginning, or the last {@code last}
 * records of each partition; up to the end offsets seen at start, or on while following.
 */
public final class TopicTail implements AutoCloseable {

  /**
   * What to read.
   *
   * @param topic the topic
   * @param fromBeginning from each partition's first record, else its last {@code last} records
   * @param last records per partition when not from the beginning
   * @param max most records to print, 0 for no limit
   * @param follow keep reading new records instead of stopping at the end
   * @param where {@code path=value} conditions on the decoded value, all to hold (e.g. {@code
   *     decision=SOFT})
   */
  public record Options(
      String topic,
      boolean fromBeginning,
      int last,
      long max,
      boolean follow,
      Map<String, String> where) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final WireFormat format;

  /**
   * A tail with its own consumer, through the stages' client settings (TLS, SASL...), reading the
   * wire format they name.
   */
  public TopicTail(String bootstrapServers, Map<String, Object> clientOverrides) {
    this.format = WireFormat.from(clientOverrides);
    this.consumer =
        CommittedReader.consumer(bootstrapServers, clientOverrides, "distillery-topics-tail");
  }

  /**
   * Reads by {@code options} and hands each line to {@code out}; returns the lines printed.
   *
   * @param running checked between polls; reading stops when it turns false
   */
  public long run(Options options, Consumer<String> out, BooleanSupplier running) {
    AvroSerde<?> serde =
        RecordJson.serdeFor(options.topic(), format)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        options.topic() + " is not a Distillery task topic"));
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(options.topic(), Duration.ofSeconds(15))
        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
    for (TopicPartition tp : partitions) {
      long start =
          options.fromBeginning()
              ? begins.get(tp)
              : Math.max(begins.get(tp), ends.get(tp) - options.last());
      consumer.seek(tp, start);
    }
    long printed = 0;
    while (running.getAsBoolean()) {
      if (!options.follow() && caughtUp(partitions, ends)) {
        break;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", r.topic());
        line.put("partition", r.partition());
        line.put("offset", r.offset());
        line.put("timestamp", java.time.Instant.ofEpochMilli(r.timestamp()).toString());
        line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        Object value = null;
        try {
          value = RecordJson.of(serde.decode(r.value()));
          line.put("value", value);
        } catch (SchemaRegistryException e) {
          throw e;
        } catch (RuntimeException e) {
          line.put(
              "error", "undecodable value of " + r.value().length + " bytes: " + e.getMessage());
        }
        if (!matches(value, options.where())) {
          continue;
        }
        out.accept(write(line));
        printed++;
        if (options.max() > 0 && printed >= options.max()) {
          return printed;
        }
      }
    }
    return printed;
  }

  private boolean caughtUp(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < ends.get(tp)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Object value, Map<String, String> where) {
    for (Map.Entry<String, String> condition : where.entrySet()) {
      if (value == null
          || !RecordJson.at(value, condition.getKey())
              .map(condition.getValue()::equals)
              .orElse(false)) {
        return false;
      }
    }
    return true;
  }

  private static String write(Map<String, Object> line) {
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
