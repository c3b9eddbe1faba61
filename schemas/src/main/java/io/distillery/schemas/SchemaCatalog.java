package io.distillery.schemas;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every schema version this build ships, per topic value type: the current one (generated class)
 * and the historic ones kept under {@code io/distillery/schemas/history}. Readers resolve a
 * writer's schema by its 64-bit Rabin fingerprint among these.
 */
public final class SchemaCatalog {

  private static final Map<Class<?>, List<String>> HISTORY =
      Map.of(
          RawRecord.class, List.of("RawRecord-v1.avsc"),
          LabeledRecord.class, List.of("LabeledRecord-v1.avsc"),
          ScoredRecord.class, List.of("ScoredRecord-v1.avsc"),
          StudentVersion.class, List.of(),
          DeadLetter.class, List.of());

  private SchemaCatalog() {}

  /** Historic writer schemas of {@code type}, oldest first; the current schema is not included. */
  public static List<Schema> historicSchemas(Class<?> type) {
    List<String> files = HISTORY.get(type);
    if (files == null) {
      throw new IllegalArgumentException("Not a Distillery wire type: " + type.getName());
    }
    List<Schema> schemas = new ArrayList<>();
    for (String file : files) {
      schemas.add(load("history/" + file));
    }
    return schemas;
  }

  /** The fingerprint single-object encoding writes for {@code schema}, as 16 hex digits. */
  public static String fingerprintHex(Schema schema) {
    return String.format("%016x", SchemaNormalization.parsingFingerprint64(schema));
  }

  private static Schema load(String resource) {
    try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Schema resource missing from the build: " + resource);
      }
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema resource " + resource, e);
    }
  }
}
