package io.distillery.filter.topology;

import io.distillery.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the filter's dead letters with the original coordinates and bytes. */
final class DeadLetters {

  /** The stage name written into every dead letter of the filter. */
  static final String STAGE = "filter";

  private DeadLetters() {}

  static DeadLetter of(
      String task,
      String recordId,
      String errorType,
      String reason,
      RecordMetadata where,
      byte[] key,
      byte[] value,
      Instant now) {
    return DeadLetter.newBuilder()
        .setStage(STAGE)
        .setTask(task)
        .setRecordId(recordId)
        .setErrorType(errorType)
        .setReason(reason == null ? errorType : reason)
        .setTopic(where == null ? "" : where.topic())
        .setPartition(where == null ? -1 : where.partition())
        .setOffset(where == null ? -1L : where.offset())
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setFailedAt(now)
        .build();
  }
}
