package io.distillery.schemas.serde;

import io.distillery.schemas.SchemaCatalog;
import io.distillery.schemas.registry.SchemaRegistryClient;
import io.distillery.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for one generated Avro record type in the deployment's {@link WireFormat}.
 *
 * <p>Single-object encoding: the decoder knows the current schema and every historic version the
 * build ships, so records written by an older producer are read into the current class by Avro
 * schema resolution. Confluent wire format: the writer registers the current schema under the
 * topic's subject and prefixes its id; the reader fetches the writer's schema by id (cached) and
 * resolves it against the current class the same way.
 *
 * <p>Decoding fails with {@link UnknownSchemaException} for bytes in the other format or a schema
 * nobody knows (a record problem: dead-letter it), and with {@link SchemaRegistryException} when
 * the registry cannot be asked (not a record problem: stop, do not dead-letter).
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  static {
    TrustedPackages.trustDistillery();
  }

  private static final byte CONFLUENT_MAGIC = 0;
  private static final int CONFLUENT_HEADER = 5;

  private final Class<T> type;
  private final WireFormat format;
  private final SpecificData model;
  private final Schema current;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final SpecificDatumWriter<T> writer;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  // single-object headers of this type and of its first field's record type, and writers of the
  // other fields, for encodeReusingFirstField
  private final byte[] header;
  private final byte[] firstFieldHeader;
  private final List<SpecificDatumWriter<Object>> otherFields;
  private final Map<String, Integer> idByTopic = new ConcurrentHashMap<>();

  private AvroSerde(Class<T> type, WireFormat format) {
    this.type = type;
    this.format = format;
    this.model = SpecificData.getForClass(type);
    this.current = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, current);
    this.decoder = new BinaryMessageDecoder<>(model, current);
    for (Schema historic : SchemaCatalog.historicSchemas(type)) {
      decoder.addSchema(historic);
    }
    this.writer = new SpecificDatumWriter<>(current, model);
    this.header = singleObjectHeader(current);
    Schema first = current.getFields().get(0).schema();
    this.firstFieldHeader =
        first.getType() == Schema.Type.RECORD ? singleObjectHeader(first) : null;
    this.otherFields = new ArrayList<>();
    for (Schema.Field field : current.getFields().subList(1, current.getFields().size())) {
      otherFields.add(new SpecificDatumWriter<>(field.schema(), model));
    }
  }

  private static byte[] singleObjectHeader(Schema schema) {
    return ByteBuffer.allocate(10)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3)
        .put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema))
        .array();
  }

  /** A single-object serde for {@code type}, which must be one of the generated wire records. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, WireFormat.singleObject());
  }

  /** A serde for {@code type} in {@code format}. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, WireFormat format) {
    return new AvroSerde<>(type, format);
  }

  /** The format this serde writes and reads. */
  public WireFormat format() {
    return format;
  }

  /**
   * Encodes one record for {@code topic}: in the Confluent format its schema is registered (or
   * looked up, without auto-registration) under {@code <topic>-value}.
   *
   * @throws SchemaRegistryException when the registry refuses the schema or cannot be reached
   */
  public byte[] encode(String topic, T value) {
    if (format instanceof WireFormat.Confluent confluent) {
      return encodeConfluent(confluent.registry(), topic, value);
    }
    return EncodeBuffer.encode(type, out -> encoder.encode(value, out));
  }

  /**
   * Encodes {@code value}, whose first field is a record decoded from {@code firstField} and left
   * unchanged, reusing those bytes instead of encoding that field again: a record's Avro body is
   * its fields' bodies one after the other, so a wrapper such as a scored record is the wrapped
   * record's body followed by its own fields. The bytes are reused when they are single-object
   * encoded with the first field's current schema and this serde writes single-object encoding;
   * otherwise (an older writer schema, the Confluent format) {@code value} is encoded in full.
   * Either way the result decodes to {@code value}.
   */
  public byte[] encodeReusingFirstField(String topic, T value, byte[] firstField) {
    if (format instanceof WireFormat.Confluent
        || firstFieldHeader == null
        || firstField == null
        || firstField.length < firstFieldHeader.length
        || !Arrays.equals(
            firstField, 0, firstFieldHeader.length, firstFieldHeader, 0, firstFieldHeader.length)) {
      return encode(topic, value);
    }
    return EncodeBuffer.encode(
        type,
        out -> {
          out.write(header, 0, header.length);
          out.write(
              firstField, firstFieldHeader.length, firstField.length - firstFieldHeader.length);
          for (int i = 0; i < otherFields.size(); i++) {
            otherFields.get(i).write(value.get(i + 1), out.encoder());
          }
        });
  }

  /** Encodes one record in single-object encoding; only for a single-object serde. */
  public byte[] encode(T value) {
    if (format instanceof WireFormat.Confluent) {
      throw new IllegalStateException(
          "The Confluent wire format registers schemas per topic: encode(topic, value)");
    }
    return encode(null, value);
  }

  private byte[] encodeConfluent(SchemaRegistryClient registry, String topic, T value) {
    if (topic == null) {
      throw new IllegalArgumentException("The Confluent wire format needs the topic");
    }
    Integer id = idByTopic.get(topic);
    if (id == null) {
      String subject = WireFormat.Confluent.subject(topic);
      id =
          registry.autoRegister()
              ? registry.register(subject, current)
              : registry.lookup(subject, current);
      idByTopic.putIfAbsent(topic, id);
    }
    int schemaId = id;
    return EncodeBuffer.encode(
        type,
        out -> {
          out.write(CONFLUENT_MAGIC);
          out.write(schemaId >>> 24);
          out.write(schemaId >>> 16);
          out.write(schemaId >>> 8);
          out.write(schemaId);
          writer.write(value, out.encoder());
        });
  }

  /**
   * Decodes bytes in this serde's format into the current class.
   *
   * @throws UnknownSchemaException if the bytes are in another format or name a schema that neither
   *     the build nor the registry knows
   * @throws SerializationException if the body does not match its schema
   * @throws SchemaRegistryException if the registry could not be asked
   */
  public T decode(byte[] bytes) {
    if (format instanceof WireFormat.Confluent confluent) {
      return decodeConfluent(confluent.registry(), bytes);
    }
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
          "Not an Avro single-object record (bad header) for "
              + type.getSimpleName()
              + (looksConfluent(bytes)
                  ? ": it looks like the Confluent wire format (magic byte 0, schema id "
                      + confluentId(bytes)
                      + "), and this deployment reads "
                      + WireFormat.SETTING
                      + "=single-object"
                  : ""),
          null,
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot decode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private T decodeConfluent(SchemaRegistryClient registry, byte[] bytes) {
    if (!looksConfluent(bytes)) {
      String first =
          bytes == null || bytes.length == 0 ? "none" : String.format("0x%02x", bytes[0] & 0xff);
      boolean singleObject =
          bytes != null && bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01;
      throw new UnknownSchemaException(
          "Not in the Confluent wire format for "
              + type.getSimpleName()
              + " (first byte "
              + first
              + ", expected magic byte 0x00 and a 4-byte schema id)"
              + (singleObject
                  ? ": it is Avro single-object encoded, and this deployment reads "
                      + WireFormat.SETTING
                      + "=confluent"
                  : ""),
          null,
          null);
    }
    int id = confluentId(bytes);
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      Schema writerSchema;
      try {
        writerSchema = registry.schemaById(id);
      } catch (SchemaRegistryException e) {
        // only the registry's own "schema not found" says the id is unknown; any other 404 (a
        // wrong base path, a proxy) says nothing about the record
        if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
          throw new UnknownSchemaException(
              "Unknown schema id " + id + " for " + type.getSimpleName() + ": " + e.getMessage(),
              null,
              e);
        }
        throw e;
      }
      reader = new SpecificDatumReader<>(writerSchema, current, model);
      readers.put(id, reader);
    }
    try {
      BinaryDecoder body =
          DecoderFactory.get()
              .binaryDecoder(bytes, CONFLUENT_HEADER, bytes.length - CONFLUENT_HEADER, null);
      return reader.read(null, body);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot decode " + type.getSimpleName() + " (schema id " + id + "): " + e.getMessage(),
          e);
    }
  }

  private static boolean looksConfluent(byte[] bytes) {
    return bytes != null && bytes.length > CONFLUENT_HEADER && bytes[0] == CONFLUENT_MAGIC;
  }

  private static int confluentId(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
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
    return (topic, value) -> value == null ? null : encode(topic, value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }
}
