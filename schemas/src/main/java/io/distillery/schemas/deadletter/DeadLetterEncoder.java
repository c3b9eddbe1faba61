package io.distillery.schemas.deadletter;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;

/**
 * Encodes dead letters so that they always fit their topic. A letter carries the original bytes, so
 * a record close to the size limit would make a letter over it, which the broker refuses, and the
 * stage could neither write the letter nor move past the record. Such a letter keeps every field
 * but the original value, and its reason says so and where the original still is.
 */
public final class DeadLetterEncoder {

  private final AvroSerde<DeadLetter> serde;
  private final int maxValueBytes;

  /** An encoder in single-object encoding. */
  public DeadLetterEncoder(int maxValueBytes) {
    this(maxValueBytes, WireFormat.singleObject());
  }

  /**
   * @param maxValueBytes the largest encoded letter the dead-letter topic takes, e.g. {@link
   *     io.distillery.schemas.topics.TaskTopics#maxValueBytes(int)}
   * @param format the deployment's wire format
   */
  public DeadLetterEncoder(int maxValueBytes, WireFormat format) {
    this.serde = Serdes.deadLetter(format);
    if (maxValueBytes < 1024) {
      throw new IllegalArgumentException("maxValueBytes must be >= 1024, got " + maxValueBytes);
    }
    this.maxValueBytes = maxValueBytes;
  }

  /**
   * The letter's bytes for the dead-letter topic {@code topic}, without its original value when it
   * would not fit otherwise.
   */
  public byte[] encode(String topic, DeadLetter letter) {
    byte[] bytes = serde.encode(topic, letter);
    if (bytes.length <= maxValueBytes) {
      return bytes;
    }
    int original = letter.getOriginalValue() == null ? 0 : letter.getOriginalValue().remaining();
    String note =
        " [original value of "
            + original
            + " bytes left out of this letter to fit "
            + maxValueBytes
            + " bytes; it stays at "
            + letter.getTopic()
            + "-"
            + letter.getPartition()
            + "@"
            + letter.getOffset()
            + "]";
    String reason = letter.getReason();
    int room = Math.max(0, 4096 - note.length());
    DeadLetter slim =
        DeadLetter.newBuilder(letter)
            .setOriginalValue(null)
            .setReason((reason.length() > room ? reason.substring(0, room) + "..." : reason) + note)
            .build();
    return serde.encode(topic, slim);
  }
}
