package io.distillery.lab.demo;

import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a raw topic end to end and counts what is in it: what {@code demo} prints as landed. */
final class TopicCensus {

  /**
   * What a raw topic holds.
   *
   * @param records records read
   * @param distinctIds distinct record ids among them
   * @param inline records carrying their payload inline
   * @param claimChecked records carrying a claim check
   * @param payloadBytes payload bytes, inline or claim-checked
   * @param withReference records with a reference (label or transcript)
   * @param undecodable values that were not raw records
   */
  record RawCensus(
      long records,
      long distinctIds,
      long inline,
      long claimChecked,
      long payloadBytes,
      long withReference,
      long undecodable) {}

  private TopicCensus() {}

  static RawCensus raw(String bootstrapServers, Map<String, Object> overrides, String topic) {
    AvroSerde<RawRecord> serde = Serdes.raw();
    long records = 0;
    long inline = 0;
    long claimChecked = 0;
    long bytes = 0;
    long withReference = 0;
    long undecodable = 0;
    Set<String> ids = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record :
        CommittedReader.readAll(bootstrapServers, overrides, List.of(topic))) {
      records++;
      try {
        RawRecord raw = serde.decode(record.value());
        ids.add(raw.getId());
        if (raw.getClaimCheck() != null) {
          claimChecked++;
          bytes += raw.getClaimCheck().getSize();
        } else if (raw.getInline() != null) {
          inline++;
          bytes += raw.getInline().remaining();
        }
        if (raw.getReference() != null) {
          withReference++;
        }
      } catch (RuntimeException e) {
        undecodable++;
      }
    }
    return new RawCensus(
        records, ids.size(), inline, claimChecked, bytes, withReference, undecodable);
  }
}
