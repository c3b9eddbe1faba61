package io.distillery.monitor.tail;

import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * A Distillery record as plain values for JSON: fields by name, enums and strings as text,
 * timestamps as ISO-8601, and every bytes field (payloads) summarised as its size and SHA-256,
 * never its bytes. Decoding picks the record type from the topic's role in its task.
 */
public final class RecordJson {

  private RecordJson() {}

  /**
   * The serde in {@code format} for a task topic's values, by the topic's suffix; empty for other
   * topics.
   */
  public static Optional<AvroSerde<?>> serdeFor(String topic, WireFormat format) {
    String role = topic.substring(topic.lastIndexOf('.') + 1);
    return switch (role) {
      case "raw" -> Optional.of(Serdes.raw(format));
      case "labeled" -> Optional.of(Serdes.labeled(format));
      case "accepted", "rejected" -> Optional.of(Serdes.scored(format));
      case "dlq" -> Optional.of(Serdes.deadLetter(format));
      case "student-versions" -> Optional.of(Serdes.studentVersion(format));
      default -> Optional.empty();
    };
  }

  /**
   * The name of a task's topic by its role: raw, labeled, accepted, rejected, dlq,
   * student-versions.
   */
  public static String topicOf(String task, String role) {
    TaskTopics t = TaskTopics.of(task);
    return switch (role) {
      case "raw" -> t.raw();
      case "labeled" -> t.labeled();
      case "accepted" -> t.accepted();
      case "rejected" -> t.rejected();
      case "dlq" -> t.dlq();
      case "student-versions" -> t.studentVersions();
      default ->
          throw new IllegalArgumentException(
              "Unknown topic '"
                  + role
                  + "': use raw, labeled, accepted, rejected, dlq or student-versions");
    };
  }

  /** The record's fields as plain values. */
  public static Object of(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof ByteBuffer bytes) {
      return summary(bytes);
    }
    if (value instanceof byte[] raw) {
      return summary(ByteBuffer.wrap(raw));
    }
    if (value instanceof IndexedRecord record) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Schema.Field field : record.getSchema().getFields()) {
        out.put(field.name(), of(record.get(field.pos())));
      }
      return out;
    }
    if (value instanceof GenericEnumSymbol<?> || value instanceof Enum<?>) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(of(v)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
      return out;
    }
    return value.toString();
  }

  /**
   * The value at {@code path} (dotted field names, e.g. {@code raw.task}) of a record's plain
   * values, as text; empty when a field on the way is missing.
   */
  public static Optional<String> at(Object plain, String path) {
    Object current = plain;
    for (String name : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(name)) {
        return Optional.empty();
      }
      current = map.get(name);
    }
    return Optional.ofNullable(current).map(String::valueOf);
  }

  private static Map<String, Object> summary(ByteBuffer buffer) {
    ByteBuffer bytes = buffer.duplicate();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bytes", bytes.remaining());
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes);
      out.put("sha256", HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
