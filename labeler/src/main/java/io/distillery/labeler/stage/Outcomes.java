package io.distillery.labeler.stage;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.DeadLetterEncoder;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.DeadLetters;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
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

  private final TaskTopics topics;
  private final String instance;
  private final AvroSerde<LabeledRecord> labeled;
  private final DeadLetterEncoder dead;

  Outcomes(TaskTopics topics, String instance, WireFormat format) {
    this.topics = topics;
    this.instance = instance;
    this.labeled = Serdes.labeled(format);
    this.dead = new DeadLetterEncoder(topics.maxValueBytes(1024), format);
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
    return new Written(
        dead(source, raw.getId(), DeadLetterReason.RECORD_TOO_LARGE, reason),
        false,
        DeadLetterReason.RECORD_TOO_LARGE,
        reason);
  }

  /** A record to write: a label, or a dead letter with its error type and reason. */
  record Written(
      ProducerRecord<byte[], byte[]> record,
      boolean labeled,
      DeadLetterReason reason,
      String message) {}

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
    return new ProducerRecord<>(
        topics.labeled(), source.key(), labeled.encode(topics.labeled(), record));
  }

  ProducerRecord<byte[], byte[]> dead(
      ConsumerRecord<byte[], byte[]> source,
      String recordId,
      DeadLetterReason reason,
      String message) {
    DeadLetter letter =
        DeadLetters.of(
            "labeler",
            topics.task(),
            recordId,
            reason,
            message,
            DeadLetters.Origin.of(source),
            Instant.now());
    return new ProducerRecord<>(topics.dlq(), source.key(), dead.encode(topics.dlq(), letter));
  }
}
