package io.distillery.trainer.consumer;

import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.StudentVersionKeys;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.publish.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends each published version's StudentVersion record to {@code <task>.student-versions} (a
 * compacted topic keyed by task, so the latest record under key {@code <task>} is the version to
 * serve) and waits for the acknowledgement. A REJECTED record (a student state the trainer refused)
 * goes under its own key ({@link StudentVersionKeys}), so that compaction keeps the version to
 * serve beside the latest refusal.
 */
public final class StudentVersionAnnouncer implements Consumer<VersionInfo>, AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final AvroSerde<StudentVersion> serde;

  /**
   * @param bootstrapServers Kafka bootstrap servers
   * @param kafkaProperties client settings passed through unchanged (the wire format among them)
   */
  public StudentVersionAnnouncer(String bootstrapServers, Map<String, Object> kafkaProperties) {
    this.serde = Serdes.studentVersion(WireFormat.from(kafkaProperties));
    Map<String, Object> props = new HashMap<>(kafkaProperties);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public void accept(VersionInfo info) {
    String topic = TaskTopics.of(info.task()).studentVersions();
    StudentVersion record = info.toRecord();
    byte[] key =
        StudentVersionKeys.key(info.task(), record.getStatus()).getBytes(StandardCharsets.UTF_8);
    try {
      producer.send(new ProducerRecord<>(topic, key, serde.encode(topic, record))).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while announcing version " + info.version(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot write version " + info.version() + " of " + info.modelName() + " to " + topic,
          e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
