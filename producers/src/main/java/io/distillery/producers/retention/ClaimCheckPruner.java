package io.distillery.producers.retention;

import io.distillery.claimcheck.BlobStore;
import io.distillery.claimcheck.StoredBlob;
import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes claim-checked payloads whose records are gone: it reads every record still retained on a
 * task's {@code raw}, {@code labeled}, {@code accepted} and {@code rejected} topics, collects the
 * SHA-256 of each claim check, and deletes the payloads of the store that no retained record names
 * and that are older than a minimum age (a payload is written before its record is sent, so a young
 * unreferenced payload may be one whose record is on its way). Payloads are content-addressed, so
 * matching by digest keeps a payload that any retained record still needs, whatever URI it used.
 */
public final class ClaimCheckPruner {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimCheckPruner.class);

  /**
   * What a pass found and did.
   *
   * @param stored payloads in the store
   * @param referenced distinct digests named by retained records
   * @param young unreferenced payloads kept because they are younger than the minimum age
   * @param removable unreferenced payloads old enough to delete
   * @param deleted whether {@code removable} were deleted (false: a dry run)
   * @param undecodable retained values that could not be read (their payloads, if any, are kept
   *     only if another record names them: a pass with undecodable values deletes nothing)
   */
  public record Report(
      List<StoredBlob> stored,
      int referenced,
      List<StoredBlob> young,
      List<StoredBlob> removable,
      boolean deleted,
      long undecodable) {

    /** Bytes held by the removable payloads. */
    public long removableBytes() {
      return removable.stream().mapToLong(StoredBlob::size).sum();
    }
  }

  private final String bootstrapServers;
  private final Map<String, Object> clientOverrides;
  private final WireFormat format;
  private final Clock clock;

  /** A pruner reading the cluster at {@code bootstrapServers} with the client settings given. */
  public ClaimCheckPruner(
      String bootstrapServers, Map<String, Object> clientOverrides, Clock clock) {
    this.bootstrapServers = bootstrapServers;
    this.clientOverrides = Map.copyOf(clientOverrides);
    this.format = WireFormat.from(clientOverrides);
    this.clock = clock;
  }

  /**
   * One pass over {@code store} for {@code task}.
   *
   * @param minAge only payloads older than this are removable
   * @param delete delete the removable payloads; otherwise only report them
   * @throws IllegalStateException when a retained value cannot be decoded and {@code delete} is
   *     set: the payload it names is unknown, so nothing is deleted
   */
  public Report prune(BlobStore store, String task, Duration minAge, boolean delete)
      throws IOException {
    TaskTopics topics = TaskTopics.of(task);
    // list first: a payload written after the listing is not a candidate however the reading goes
    List<StoredBlob> stored = store.list();
    Set<String> referenced = new HashSet<>();
    long[] undecodable = {0};
    collect(topics.raw(), v -> Serdes.raw(format).decode(v), referenced, undecodable);
    collect(
        topics.labeled(), v -> Serdes.labeled(format).decode(v).getRaw(), referenced, undecodable);
    for (String topic : List.of(topics.accepted(), topics.rejected())) {
      collect(
          topic,
          v -> Serdes.scored(format).decode(v).getLabeled().getRaw(),
          referenced,
          undecodable);
    }
    Instant cutoff = clock.instant().minus(minAge);
    List<StoredBlob> young = new ArrayList<>();
    List<StoredBlob> removable = new ArrayList<>();
    for (StoredBlob blob : stored) {
      if (referenced.contains(blob.sha256())) {
        continue;
      }
      (blob.lastModified().isBefore(cutoff) ? removable : young).add(blob);
    }
    if (delete && undecodable[0] > 0) {
      throw new IllegalStateException(
          undecodable[0]
              + " retained record(s) of "
              + task
              + " could not be decoded, so the payloads they name are unknown: nothing deleted");
    }
    if (delete) {
      for (StoredBlob blob : removable) {
        store.delete(blob);
        LOG.info("Deleted {} ({} bytes, written {})", blob.uri(), blob.size(), blob.lastModified());
      }
    }
    return new Report(stored, referenced.size(), young, removable, delete, undecodable[0]);
  }

  private void collect(
      String topic, Function<byte[], RawRecord> raw, Set<String> referenced, long[] undecodable) {
    try (CommittedReader reader =
        new CommittedReader(bootstrapServers, clientOverrides, List.of(topic))) {
      reader.forEachToEnd(
          CommittedReader.DEFAULT_TIMEOUT,
          record -> {
            if (record.value() == null) {
              return;
            }
            try {
              ClaimCheck check = raw.apply(record.value()).getClaimCheck();
              if (check != null) {
                referenced.add(check.getSha256().toLowerCase(java.util.Locale.ROOT));
              }
            } catch (RuntimeException e) {
              undecodable[0]++;
            }
          });
    }
  }
}
