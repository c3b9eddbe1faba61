package io.distillery.producers.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** An idempotent Kafka producer writing to one topic, keyed by record id. */
public final class KafkaRecordSink implements RecordSink {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  /**
   * A producer with {@code settings} ({@link IngestConfig#producerSettings()}) for {@code topic}.
   */
  public KafkaRecordSink(Map<String, Object> settings, String topic) {
    this.producer =
        new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  @Override
  public CompletableFuture<Void> send(String key, byte[] value) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(topic, key, value),
          (metadata, error) -> {
            if (error != null) {
              acked.completeExceptionally(error);
            } else {
              acked.complete(null);
            }
          });
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    return acked;
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
