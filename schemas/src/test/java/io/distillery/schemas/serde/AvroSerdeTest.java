package io.distillery.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.SchemaCatalog;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<RawRecord> serde = Serdes.raw();

  static RawRecord sample() {
    return RawRecord.newBuilder()
        .setId("rec-1")
        .setTask("fmnist")
        .setModality(Modality.IMAGE)
        .setContentType("image/png")
        .setInline(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}))
        .setSource("train:0")
        .setIngestTime(Instant.ofEpochMilli(1_700_000_000_000L))
        .setReference("9")
        .setLanguage("en")
        .setAttributes(Map.of("split", "train"))
        .build();
  }

  static LabeledRecord labeledSample() {
    return LabeledRecord.newBuilder()
        .setRaw(sample())
        .setOutputs(List.of())
        .setLabeledAt(Instant.ofEpochMilli(1_700_000_000_500L))
        .build();
  }

  @Test
  void shouldWriteAWrapperAroundTheWrappedRecordsOwnBytes() {
    LabeledRecord labeled = labeledSample();
    byte[] labeledBytes = Serdes.labeled().encode(labeled);
    ScoredRecord scored =
        ScoredRecord.newBuilder()
            .setLabeled(labeled)
            .setScores(Map.of("max-prob", 0.6))
            .setDecision(Decision.SOFT)
            .setWeight(0.5)
            .setReasons(List.of("max-prob 0.6000 < 0.8000 (soft)"))
            .setPolicy("fmnist-default")
            .setScoredAt(Instant.ofEpochMilli(1_700_000_001_000L))
            .build();
    AvroSerde<ScoredRecord> scoredSerde = Serdes.scored();

    byte[] spliced = scoredSerde.encodeReusingFirstField("t.accepted", scored, labeledBytes);

    assertThat(spliced).isEqualTo(scoredSerde.encode(scored));
    assertThat(scoredSerde.decode(spliced)).isEqualTo(scored);
    LabeledRecord other = LabeledRecord.newBuilder(labeled).setLabeler("labeler-7").build();
    assertThat(
            scoredSerde
                .decode(
                    scoredSerde.encodeReusingFirstField(
                        "t.accepted", scored, Serdes.labeled().encode(other)))
                .getLabeled())
        .as("the bytes are written, not the field encoded again")
        .isEqualTo(other);
  }

  @Test
  void shouldEncodeAWrapperInFullWhenTheWrappedBytesHaveAnOlderSchema() throws IOException {
    LabeledRecord labeled = labeledSample();
    Schema v1 = SchemaCatalog.historicSchemas(LabeledRecord.class).get(0);
    byte[] old = writtenWith(v1, labeled);
    LabeledRecord read = Serdes.labeled().decode(old);
    ScoredRecord scored =
        ScoredRecord.newBuilder()
            .setLabeled(read)
            .setScores(Map.of())
            .setDecision(Decision.ACCEPT)
            .setPolicy("p")
            .setScoredAt(Instant.ofEpochMilli(1_700_000_001_000L))
            .build();

    byte[] bytes = Serdes.scored().encodeReusingFirstField("t.accepted", scored, old);

    assertThat(bytes).isEqualTo(Serdes.scored().encode(scored));
    assertThat(Serdes.scored().decode(bytes)).isEqualTo(scored);
  }

  @Test
  void shouldRoundTripTheCurrentSchema() {
    RawRecord record = sample();

    byte[] bytes = serde.encode(record);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.decode(bytes)).isEqualTo(record);
  }

  @Test
  void shouldEncodeEachRecordWhole() {
    // the encoders reuse one buffer per thread: a large record, then a small one, then the large
    // one again must each come out as their own bytes, nothing left over from the one before
    RawRecord large = sample();
    large.setInline(ByteBuffer.wrap(new byte[(1 << 20) + 7]));
    RawRecord small = sample();

    byte[] first = serde.encode(large);
    byte[] second = serde.encode(small);
    byte[] third = serde.encode(large);

    assertThat(serde.decode(first)).isEqualTo(large);
    assertThat(serde.decode(second)).isEqualTo(small);
    assertThat(second).hasSizeLessThan(100);
    assertThat(third).isEqualTo(first);
  }

  @Test
  void shouldReadARecordWrittenWithTheOlderSchemaVersion() throws Exception {
    Schema v1 = SchemaCatalog.historicSchemas(RawRecord.class).get(0);
    GenericRecord old = new GenericData.Record(v1);
    old.put("id", "old-1");
    old.put("task", "asr-en");
    old.put("modality", new GenericData.EnumSymbol(v1.getField("modality").schema(), "AUDIO"));
    old.put("contentType", "audio/wav");
    old.put("inline", ByteBuffer.wrap(new byte[] {7, 7}));
    old.put("sampleRate", 16000);
    old.put("source", "old.wav");
    old.put("ingestTime", 42L);
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

    RawRecord read = serde.decode(bytes);

    assertThat(read.getId()).isEqualTo("old-1");
    assertThat(read.getModality()).isEqualTo(Modality.AUDIO);
    assertThat(read.getSampleRate()).isEqualTo(16000);
    assertThat(read.getLanguage()).as("field added in v2 takes its default").isNull();
    assertThat(read.getAttributes()).isEmpty();
  }

  @Test
  void shouldReadLabeledAndScoredRecordsWrittenBeforeOutputsNamedTheirServer() throws Exception {
    ModelOutput output =
        ModelOutput.newBuilder()
            .setModelName("teacher")
            .setModelVersion("1")
            .setRole(ModelRole.TEACHER)
            .setTranscript("hello world")
            .setLatencyMillis(12.5)
            .setServer("triton-0:8001")
            .build();
    LabeledRecord labeled =
        LabeledRecord.newBuilder()
            .setRaw(sample())
            .setOutputs(List.of(output))
            .setLabeledAt(Instant.ofEpochMilli(1_700_000_000_500L))
            .build();
    Schema v1 = SchemaCatalog.historicSchemas(LabeledRecord.class).get(0);
    assertThat(v1.toString()).doesNotContain("\"server\"");

    LabeledRecord read = Serdes.labeled().decode(writtenWith(v1, labeled));

    assertThat(read.getOutputs().get(0).getServer())
        .as("the field v1 lacks reads unknown")
        .isNull();
    assertThat(read.getOutputs().get(0).getTranscript()).isEqualTo("hello world");
    assertThat(read.getOutputs().get(0).getLatencyMillis()).isEqualTo(12.5);
    assertThat(read.getRaw()).isEqualTo(sample());

    ScoredRecord scored =
        ScoredRecord.newBuilder()
            .setLabeled(labeled)
            .setScores(Map.of("wer", 0.1))
            .setDecision(Decision.ACCEPT)
            .setPolicy("wer")
            .setScoredAt(Instant.ofEpochMilli(1_700_000_001_000L))
            .build();
    Schema scoredV1 = SchemaCatalog.historicSchemas(ScoredRecord.class).get(0);
    assertThat(
            Serdes.scored()
                .decode(writtenWith(scoredV1, scored))
                .getLabeled()
                .getOutputs()
                .get(0)
                .getServer())
        .isNull();
  }

  /** {@code record} as a writer that only knew {@code old} would have encoded it. */
  private static byte[] writtenWith(Schema old, SpecificRecord record) throws IOException {
    ByteArrayOutputStream current = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(current, null);
    new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
    encoder.flush();
    GenericRecord asOld =
        new GenericDatumReader<GenericRecord>(record.getSchema(), old)
            .read(null, DecoderFactory.get().binaryDecoder(current.toByteArray(), null));
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(asOld).array();
  }

  @Test
  void shouldNameTheUnknownFingerprint() {
    byte[] bytes = serde.encode(sample());
    byte[] tampered = Arrays.copyOf(bytes, bytes.length);
    for (int i = 2; i < 10; i++) {
      tampered[i] = (byte) 0x5a;
    }

    assertThatThrownBy(() -> serde.decode(tampered))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("5a5a5a5a5a5a5a5a")
        .satisfies(
            e ->
                assertThat(((UnknownSchemaException) e).fingerprint())
                    .isEqualTo("5a5a5a5a5a5a5a5a"));
  }

  @Test
  void shouldRefuseBytesThatAreNotSingleObjectEncoded() {
    assertThatThrownBy(() -> serde.decode("hello, world".getBytes()))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("bad header");
  }

  @Test
  void shouldRefuseATruncatedBody() {
    byte[] bytes = serde.encode(sample());

    assertThatThrownBy(() -> serde.decode(Arrays.copyOf(bytes, 14)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot decode RawRecord");
  }

  @Test
  void shouldShipAHistoricFingerprintDifferentFromTheCurrentOne() {
    String current = SchemaCatalog.fingerprintHex(RawRecord.getClassSchema());
    String v1 = SchemaCatalog.fingerprintHex(SchemaCatalog.historicSchemas(RawRecord.class).get(0));

    assertThat(v1).isNotEqualTo(current).hasSize(16);
  }
}
