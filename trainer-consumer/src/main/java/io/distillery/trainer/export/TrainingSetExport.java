package io.distillery.trainer.export;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a task's accepted (or rejected) records as a training set for trainers outside Distillery,
 * read with read_committed and no consumer group up to the topic's end as it stood when the run
 * began. Each record lands exactly once across runs and crashes: output is committed in units (a
 * hundred manifest lines, or a whole shard) followed by the offsets it covers, and a run first
 * discards whatever a previous one wrote past its last commit. Running it again later adds only the
 * records written since. A record without a usable label or payload is passed over with its reason,
 * counted, and not retried.
 */
public final class TrainingSetExport {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingSetExport.class);
  private static final int MANIFEST_LINES_PER_COMMIT = 100;
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

  /**
   * What a run did.
   *
   * @param added records this run added to the training set
   * @param exported records in the training set, over every run
   * @param skippedByReason records this run passed over, by reason
   * @param shards WebDataset shards in the folder (0 for NeMo)
   */
  public record Summary(long added, long exported, Map<String, Long> skippedByReason, int shards) {}

  private final ExportSettings settings;
  private final AvroSerde<ScoredRecord> serde;

  /** An export by {@code settings}; values are read in the wire format its client settings name. */
  public TrainingSetExport(ExportSettings settings) {
    this.settings = settings;
    this.serde = Serdes.scored(WireFormat.from(settings.clientOverrides()));
  }

  /** Exports what the topic holds beyond the last run. */
  public Summary run() throws IOException {
    Path out = Files.createDirectories(settings.out());
    ExportState state = ExportState.load(out, settings);
    String topic =
        settings.topic().equals("accepted")
            ? TaskTopics.of(settings.task()).accepted()
            : TaskTopics.of(settings.task()).rejected();
    Map<String, Long> skipped = new TreeMap<>();
    long added = 0;
    try (ClaimCheckResolver payloads =
            new ClaimCheckResolver(settings.claimCheckRoots(), settings.maxPayloadBytes());
        KafkaConsumer<byte[], byte[]> consumer =
            CommittedReader.consumer(
                settings.bootstrapServers(), readFromTheStart(settings), "distillery-export");
        NemoManifest manifest =
            settings.format() == ExportFormat.NEMO
                ? new NemoManifest(out, state.manifestBytes())
                : null;
        WebDatasetShards shards =
            settings.format() == ExportFormat.WEBDATASET
                ? new WebDatasetShards(out, state.shards(), settings.shardSize())
                : null) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<Integer, Long> next = new HashMap<>(state.offsets());
      for (TopicPartition tp : partitions) {
        Long from = next.get(tp.partition());
        if (from == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, from);
        }
      }
      long exported = state.exported();
      long skippedTotal = state.skipped();
      int sinceCommit = 0;
      long lastProgress = System.nanoTime();
      boolean limited = false;
      while (!caughtUp(consumer, ends) && !limited) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
            throw new IOException(
                "No record of " + topic + " arrived for " + STALL_LIMIT.toSeconds() + " s");
          }
          continue;
        }
        lastProgress = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          next.put(record.partition(), record.offset() + 1);
          ExportSample sample = sample(record, payloads, skipped);
          if (sample == null) {
            skippedTotal++;
          } else {
            if (manifest != null) {
              manifest.add(sample);
            } else {
              shards.add(sample);
            }
            exported++;
            added++;
            sinceCommit++;
          }
          boolean unitDone =
              manifest != null ? sinceCommit >= MANIFEST_LINES_PER_COMMIT : shards.full();
          limited = settings.maxRecords() > 0 && added >= settings.maxRecords();
          if (unitDone || limited) {
            state = commit(out, state, next, exported, skippedTotal, manifest, shards);
            sinceCommit = 0;
          }
          if (limited) {
            break;
          }
        }
      }
      if (!limited) {
        // past the last record: transaction markers, so the next run starts at the end
        for (TopicPartition tp : partitions) {
          next.put(tp.partition(), consumer.position(tp));
        }
      }
      state = commit(out, state, next, exported, skippedTotal, manifest, shards);
      LOG.info(
          "Exported {} record(s) of {} to {} ({} in all, {} passed over)",
          added,
          topic,
          out,
          exported,
          skipped.values().stream().mapToLong(Long::longValue).sum());
      return new Summary(added, state.exported(), skipped, state.shards());
    }
  }

  /**
   * The client settings with offsets out of range reset to the log start: a saved offset that
   * retention deleted continues at the oldest record left, never at the end (which would pass over
   * every record still there).
   */
  private static Map<String, Object> readFromTheStart(ExportSettings settings) {
    Map<String, Object> config = new HashMap<>(settings.clientOverrides());
    config.put(
        org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  private ExportSample sample(
      ConsumerRecord<byte[], byte[]> record,
      ClaimCheckResolver payloads,
      Map<String, Long> skipped) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    try {
      if (record.value() == null) {
        throw new RefusedRecordException(
            io.distillery.schemas.deadletter.DeadLetterReason.TOMBSTONE, "a tombstone");
      }
      ScoredRecord scored = serde.decode(record.value());
      byte[] payload = payloads.payload(scored.getLabeled().getRaw());
      return ExportSample.of(scored, payload, record.partition(), record.offset());
    } catch (RefusedRecordException e) {
      LOG.warn("Passing over {}: {}: {}", where, e.reason().code(), e.getMessage());
      skipped.merge(e.reason().code(), 1L, Long::sum);
    } catch (SerializationException e) {
      LOG.warn("Passing over {}: undecodable: {}", where, e.getMessage());
      skipped.merge("undecodable-record", 1L, Long::sum);
    }
    return null;
  }

  private static ExportState commit(
      Path out,
      ExportState state,
      Map<Integer, Long> next,
      long exported,
      long skipped,
      NemoManifest manifest,
      WebDatasetShards shards)
      throws IOException {
    long manifestBytes = manifest != null ? manifest.commit() : state.manifestBytes();
    int shardCount = shards != null ? shards.commit() : state.shards();
    ExportState committed =
        new ExportState(
            state.task(),
            state.topic(),
            state.format(),
            next,
            exported,
            skipped,
            manifestBytes,
            shardCount);
    committed.save(out);
    return committed;
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("Topic " + topic + " does not exist");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }
}
