package io.distillery.schemas.serde;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;

/** The serde for each topic value; create once and share, they are thread-safe. */
public final class Serdes {

  private Serdes() {}

  /** Serde for {@code <task>.raw}. */
  public static AvroSerde<RawRecord> raw() {
    return AvroSerde.of(RawRecord.class);
  }

  /** Serde for {@code <task>.labeled}. */
  public static AvroSerde<LabeledRecord> labeled() {
    return AvroSerde.of(LabeledRecord.class);
  }

  /** Serde for {@code <task>.accepted} and {@code <task>.rejected}. */
  public static AvroSerde<ScoredRecord> scored() {
    return AvroSerde.of(ScoredRecord.class);
  }

  /** Serde for {@code <task>.student-versions}. */
  public static AvroSerde<StudentVersion> studentVersion() {
    return AvroSerde.of(StudentVersion.class);
  }

  /** Serde for {@code <task>.dlq}. */
  public static AvroSerde<DeadLetter> deadLetter() {
    return AvroSerde.of(DeadLetter.class);
  }
}
