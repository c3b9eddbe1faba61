package io.distillery.schemas.serde;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;

/**
 * The serde for each topic value, in single-object encoding (no argument) or a deployment's {@link
 * WireFormat}; create once and share, they are thread-safe.
 */
public final class Serdes {

  private Serdes() {}

  /** Serde for {@code <task>.raw}. */
  public static AvroSerde<RawRecord> raw() {
    return raw(WireFormat.singleObject());
  }

  /** Serde for {@code <task>.raw} in {@code format}. */
  public static AvroSerde<RawRecord> raw(WireFormat format) {
    return AvroSerde.of(RawRecord.class, format);
  }

  /** Serde for {@code <task>.labeled}. */
  public static AvroSerde<LabeledRecord> labeled() {
    return labeled(WireFormat.singleObject());
  }

  /** Serde for {@code <task>.labeled} in {@code format}. */
  public static AvroSerde<LabeledRecord> labeled(WireFormat format) {
    return AvroSerde.of(LabeledRecord.class, format);
  }

  /** Serde for {@code <task>.accepted} and {@code <task>.rejected}. */
  public static AvroSerde<ScoredRecord> scored() {
    return scored(WireFormat.singleObject());
  }

  /** Serde for {@code <task>.accepted} and {@code <task>.rejected} in {@code format}. */
  public static AvroSerde<ScoredRecord> scored(WireFormat format) {
    return AvroSerde.of(ScoredRecord.class, format);
  }

  /** Serde for {@code <task>.student-versions}. */
  public static AvroSerde<StudentVersion> studentVersion() {
    return studentVersion(WireFormat.singleObject());
  }

  /** Serde for {@code <task>.student-versions} in {@code format}. */
  public static AvroSerde<StudentVersion> studentVersion(WireFormat format) {
    return AvroSerde.of(StudentVersion.class, format);
  }

  /** Serde for {@code <task>.dlq}. */
  public static AvroSerde<DeadLetter> deadLetter() {
    return deadLetter(WireFormat.singleObject());
  }

  /** Serde for {@code <task>.dlq} in {@code format}. */
  public static AvroSerde<DeadLetter> deadLetter(WireFormat format) {
    return AvroSerde.of(DeadLetter.class, format);
  }
}
