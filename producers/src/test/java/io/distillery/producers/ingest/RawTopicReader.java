package io.distillery.producers.ingest;

import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Reads a raw topic from the beginning up to its current end offsets, for assertions. */
public final class RawTopicReader {

  private RawTopicReader() {}

  /** A record as read back: its Kafka key and decoded value. */
  public record Read(String key, RawRecord value) {}

  /** Every committed record in {@code topic} now. */
  public static List<Read> readAll(String bootstrapServers, String topic) {
    return CommittedReader.readAll(bootstrapServers, Map.of(), List.of(topic)).stream()
        .map(
            r ->
                new Read(
                    r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    Serdes.raw().decode(r.value())))
        .toList();
  }
}
