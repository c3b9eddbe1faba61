package io.distillery.trainer.consumer;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.deadletter.DeadLetterEncoder;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.DeadLetters;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted topic read from given offsets (every partition assigned to this one trainer, read
 * committed), plus the dead-letter producer. Offsets are committed to the group only to show lag;
 * where reading starts is always the checkpoint's business.
 */
final class AcceptedStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AcceptedStream.class);

  private final TaskTopics topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final DeadLetterEncoder letters;

  AcceptedStream(TrainerConfig config, Map<Integer, Long> startOffsets, WireFormat format) {
    this.topics = TaskTopics.of(config.task());
    this.letters = new DeadLetterEncoder(topics.maxValueBytes(1024), format);
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaProperties());
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerProps = new HashMap<>(config.kafkaProperties());
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, topics.maxMessageBytes());
    this.producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    assign(startOffsets);
  }

  private void assign(Map<Integer, Long> startOffsets) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topics.accepted(), Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(info.topic(), info.partition()))
            .toList();
    if (partitions.isEmpty()) {
      throw new IllegalStateException(
          "Topic "
              + topics.accepted()
              + " does not exist: run distillery topics create --task ...");
    }
    consumer.assign(partitions);
    for (TopicPartition partition : partitions) {
      Long offset = startOffsets.get(partition.partition());
      if (offset == null) {
        consumer.seekToBeginning(List.of(partition));
      } else {
        consumer.seek(partition, offset);
      }
      LOG.info("Reading {} from {}", partition, offset == null ? "the beginning" : offset);
    }
  }

  String topic() {
    return topics.accepted();
  }

  ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
    return consumer.poll(timeout);
  }

  /** Sends a record that cannot be trained on to the task's dead-letter topic. */
  void deadLetter(
      ConsumerRecord<byte[], byte[]> record,
      String recordId,
      DeadLetterReason reason,
      String message) {
    DeadLetter letter =
        DeadLetters.of(
            "trainer",
            topics.task(),
            recordId,
            reason,
            message,
            DeadLetters.Origin.of(record),
            Instant.now());
    producer.send(
        new ProducerRecord<>(topics.dlq(), record.key(), letters.encode(topics.dlq(), letter)),
        (metadata, error) -> {
          if (error != null) {
            sendFailure.compareAndSet(null, error);
          }
        });
  }

  /** Waits until every dead letter is acknowledged; fails if one was not. */
  void flush() {
    producer.flush();
    Exception failure = sendFailure.get();
    if (failure != null) {
      throw new IllegalStateException("A dead letter could not be written", failure);
    }
  }

  /** Commits offsets to the group, for lag monitoring only. */
  void commitForMonitoring(Map<Integer, Long> nextOffsets) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    nextOffsets.forEach(
        (p, o) -> offsets.put(new TopicPartition(topics.accepted(), p), new OffsetAndMetadata(o)));
    consumer.commitSync(offsets);
  }

  @Override
  public void close() {
    consumer.close();
    producer.close();
  }
}
