package io.distillery.schemas.serde;

import io.distillery.schemas.SchemaCatalog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one generated Avro record type, in Avro single-object encoding. The decoder
 * knows the current schema and every historic version the build ships, so records written by an
 * older producer are read into the current class by Avro schema resolution.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  static {
    TrustedPackages.trustDistillery();
  }

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type) {
    this.type = type;
    SpecificData model = SpecificData.getForClass(type);
    Schema current = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, current);
    this.decoder = new BinaryMessageDecoder<>(model, current);
    for (Schema historic : SchemaCatalog.historicSchemas(type)) {
      decoder.addSchema(historic);
    }
  }

  /** A serde for {@code type}, which must be one of the generated wire records. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  /** Encodes one record to single-object bytes. */
  public byte[] encode(T value) {
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new SerializationException("Cannot encode " + type.getSimpleName(), e);
    }
  }

  /**
   * Decodes single-object bytes into the current class.
   *
   * @throws UnknownSchemaException if the fingerprint is not one this build ships, or the bytes are
   *     not single-object encoded
   * @throws SerializationException if the body does not match its schema
   */
  public T decode(byte[] bytes) {
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      String fingerprint = fingerprintOf(bytes);
      throw new UnknownSchemaException(
          "Unknown schema fingerprint "
              + fingerprint
              + " for "
              + type.getSimpleName()
              + ": not among the "
              + (1 + SchemaCatalog.historicSchemas(type).size())
              + " versions this build ships",
          fingerprint,
          e);
    } catch (BadHeaderException e) {
      throw new UnknownSchemaException(
          "Not an Avro single-object record (bad header) for " + type.getSimpleName(), null, e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static String fingerprintOf(byte[] bytes) {
    if (bytes == null || bytes.length < 10) {
      return "(none)";
    }
    return String.format(
        "%016x", ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
