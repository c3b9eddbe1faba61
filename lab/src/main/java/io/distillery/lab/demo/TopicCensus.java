package io.distillery.lab.demo;

import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
    Map<String, Object> config = new HashMap<>(overrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroSerde<RawRecord> serde = Serdes.raw();
    long records = 0;
    long inline = 0;
    long claimChecked = 0;
    long bytes = 0;
    long withReference = 0;
    long undecodable = 0;
    Set<String> ids = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
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
      }
    }
    return new RawCensus(
        records, ids.size(), inline, claimChecked, bytes, withReference, undecodable);
  }
}
