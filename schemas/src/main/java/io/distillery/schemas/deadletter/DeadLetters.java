package io.distillery.schemas.deadletter;

import io.distillery.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds the dead letter of a record any stage refuses: who, why, and where the original is. */
public final class DeadLetters {

  private DeadLetters() {}

  /**
   * The letter for the record at {@code origin}, refused by {@code stage} for {@code reason}.
   *
   * @param recordId the record's id when it could be read, else null
   * @param message what went wrong, for a person; the reason's description when null
   * @param failedAt when (the wall clock, or a stream's clock)
   */
  public static DeadLetter of(
      String stage,
      String task,
      String recordId,
      DeadLetterReason reason,
      String message,
      Origin origin,
      Instant failedAt) {
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setTask(task)
        .setRecordId(recordId)
        .setErrorType(reason.code())
        .setReason(message == null ? reason.description() : message)
        .setTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setOriginalKey(origin.key() == null ? null : ByteBuffer.wrap(origin.key()))
        .setOriginalValue(origin.value() == null ? null : ByteBuffer.wrap(origin.value()))
        .setAttempts(1)
        .setFailedAt(failedAt)
        .build();
  }

  /**
   * Where a refused record was read.
   *
   * @param topic its topic
   * @param partition its partition
   * @param offset its offset
   * @param key its key bytes, or null
   * @param value its value bytes, or null
   */
  public record Origin(String topic, int partition, long offset, byte[] key, byte[] value) {

    /** Where {@code source} was read. */
    public static Origin of(ConsumerRecord<byte[], byte[]> source) {
      return new Origin(
          source.topic(), source.partition(), source.offset(), source.key(), source.value());
    }
  }
}
