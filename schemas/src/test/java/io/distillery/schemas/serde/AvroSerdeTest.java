package io.distillery.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.SchemaCatalog;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
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
        .setIngestTime(java.time.Instant.ofEpochMilli(1_700_000_000_000L))
        .setReference("9")
        .setLanguage("en")
        .setAttributes(Map.of("split", "train"))
        .build();
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
