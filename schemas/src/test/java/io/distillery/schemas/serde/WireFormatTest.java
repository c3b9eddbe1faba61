package io.distillery.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.registry.RegistryConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * Choosing the wire format from client settings, and what each reader says about bytes in the other
 * format (no registry is asked for either: the framing alone tells).
 */
class WireFormatTest {

  private static final Map<String, Object> CONFLUENT =
      Map.of(WireFormat.SETTING, "confluent", RegistryConfig.URL, "http://127.0.0.1:9/ccompat");

  @Test
  void shouldDefaultToSingleObjectAndReadConfluentWithItsRegistry() {
    assertThat(WireFormat.from(Map.of("security.protocol", "SSL")))
        .isEqualTo(WireFormat.singleObject());
    assertThat(WireFormat.from(CONFLUENT).describe())
        .isEqualTo("confluent (schema registry http://127.0.0.1:9/ccompat)");
  }

  @Test
  void shouldRefuseAnUnknownFormatAndAConfluentFormatWithoutRegistry() {
    assertThatThrownBy(() -> WireFormat.from(Map.of(WireFormat.SETTING, "protobuf")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(WireFormat.SETTING);
    assertThatThrownBy(() -> WireFormat.from(Map.of(WireFormat.SETTING, "confluent")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.URL);
    assertThatThrownBy(
            () ->
                WireFormat.from(
                    Map.of(WireFormat.SETTING, "confluent", RegistryConfig.URL, "registry:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http://");
  }

  @Test
  void shouldSayASingleObjectReaderGotAConfluentRecord() {
    byte[] confluent = {0, 0, 0, 0, 7, 2, 4, 6};

    assertThatThrownBy(() -> Serdes.raw().decode(confluent))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("looks like the Confluent wire format (magic byte 0, schema id 7)")
        .hasMessageContaining("distillery.wire.format=single-object");
  }

  @Test
  void shouldSayAConfluentReaderGotASingleObjectRecordOrForeignBytes() {
    AvroSerde<RawRecord> serde = Serdes.raw(WireFormat.from(CONFLUENT));
    byte[] singleObject = Serdes.raw().encode(AvroSerdeTest.sample());

    assertThatThrownBy(() -> serde.decode(singleObject))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("Not in the Confluent wire format for RawRecord (first byte 0xc3")
        .hasMessageContaining("Avro single-object encoded")
        .hasMessageContaining("distillery.wire.format=confluent");
    assertThatThrownBy(() -> serde.decode("{\"id\":1}".getBytes()))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("first byte 0x7b");
    assertThatThrownBy(() -> serde.decode(new byte[] {0, 0, 0}))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("first byte 0x00");
  }

  @Test
  void shouldRefuseToEncodeConfluentWithoutTheTopicItsSubjectNeeds() {
    AvroSerde<RawRecord> serde = Serdes.raw(WireFormat.from(CONFLUENT));

    assertThatThrownBy(() -> serde.encode(AvroSerdeTest.sample()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("encode(topic, value)");
    assertThat(WireFormat.Confluent.subject("fmnist.accepted")).isEqualTo("fmnist.accepted-value");
  }
}
