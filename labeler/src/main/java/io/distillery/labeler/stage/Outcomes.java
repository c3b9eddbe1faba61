package io.distillery.labeler.stage;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Builds the records the labeler writes: labeled records and dead letters. */
final class Outcomes {

  private final TaskTopics topics;
  private final String instance;
  private final AvroSerde<LabeledRecord> labeled = Serdes.labeled();
  private final AvroSerde<DeadLetter> dead = Serdes.deadLetter();

  Outcomes(TaskTopics topics, String instance) {
    this.topics = topics;
    this.instance = instance;
  }

  ProducerRecord<byte[], byte[]> labeled(
      ConsumerRecord<byte[], byte[]> source, RawRecord raw, List<ModelOutput> outputs) {
    LabeledRecord record =
        LabeledRecord.newBuilder()
            .setRaw(raw)
            .setOutputs(outputs)
            .setLabeledAt(Instant.now())
            .setLabeler(instance)
            .build();
    return new ProducerRecord<>(topics.labeled(), source.key(), labeled.encode(record));
  }

  ProducerRecord<byte[], byte[]> dead(
      ConsumerRecord<byte[], byte[]> source, String recordId, String errorType, String reason) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage("labeler")
            .setTask(topics.task())
            .setRecordId(recordId)
            .setErrorType(errorType)
            .setReason(reason == null ? errorType : reason)
            .setTopic(source.topic())
            .setPartition(source.partition())
            .setOffset(source.offset())
            .setOriginalKey(source.key() == null ? null : ByteBuffer.wrap(source.key()))
            .setOriginalValue(source.value() == null ? null : ByteBuffer.wrap(source.value()))
            .setAttempts(1)
            .setFailedAt(Instant.now())
            .build();
    return new ProducerRecord<>(topics.dlq(), source.key(), dead.encode(letter));
  }
}
