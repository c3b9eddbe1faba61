package io.distillery.labeler.stage;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.DeadLetterEncoder;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the records the labeler writes: labeled records and dead letters, each within its topic's
 * size limit. A labeled record too large for its topic (a runaway transcript) becomes a dead
 * letter, and a dead letter too large leaves the original value out: the broker would refuse
 * either, and the partition could not move past the record.
 */
final class Outcomes {

  /** Error type of a label too large for the labeled topic. */
  static final String TOO_LARGE = "labeled-record-too-large";

  private final TaskTopics topics;
  private final String instance;
  private final AvroSerde<LabeledRecord> labeled = Serdes.labeled();
  private final DeadLetterEncoder dead;

  Outcomes(TaskTopics topics, String instance) {
    this.topics = topics;
    this.instance = instance;
    this.dead = new DeadLetterEncoder(topics.maxValueBytes(1024));
  }

  /**
   * The labeled record for {@code outputs}, or the dead letter saying it is too large.
   *
   * @return the record to write, and whether it is a label
   */
  Written labeledOrDead(
      ConsumerRecord<byte[], byte[]> source, RawRecord raw, List<ModelOutput> outputs) {
    ProducerRecord<byte[], byte[]> record = labeled(source, raw, outputs);
    int key = source.key() == null ? 0 : source.key().length;
    int limit = topics.maxValueBytes(key);
    if (record.value().length <= limit) {
      return new Written(record, true, null, null);
    }
    String reason =
        "Labeled record of "
            + record.value().length
            + " bytes exceeds the "
            + limit
            + " bytes "
            + topics.labeled()
            + " takes (max.message.bytes "
            + topics.maxMessageBytes()
            + "); largest output: "
            + largest(outputs);
    return new Written(dead(source, raw.getId(), TOO_LARGE, reason), false, TOO_LARGE, reason);
  }

  /** A record to write: a label, or a dead letter with its error type and reason. */
  record Written(
      ProducerRecord<byte[], byte[]> record, boolean labeled, String errorType, String reason) {}

  private static String largest(List<ModelOutput> outputs) {
    ModelOutput big = null;
    long size = -1;
    for (ModelOutput o : outputs) {
      long s =
          (o.getTranscript() == null ? 0 : o.getTranscript().length())
              + 4L * o.getProbabilities().size()
              + 8L * o.getWords().size();
      if (s > size) {
        size = s;
        big = o;
      }
    }
    if (big == null) {
      return "none";
    }
    return big.getModelName()
        + " ("
        + (big.getTranscript() == null
            ? big.getProbabilities().size() + " probabilities"
            : "transcript of " + big.getTranscript().length() + " characters")
        + ")";
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
