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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes claim-checked payloads whose records are gone: it reads every record still retained on
 * the {@code raw}, {@code labeled}, {@code accepted} and {@code rejected} topics of every task on
 * the cluster (a store may be shared by tasks), collects the SHA-256 of each claim check, and
 * deletes the payloads of the store that no retained record names and that are older than a minimum
 * age (a payload is written before its record is sent, so a young unreferenced payload may be one
 * whose record is on its way; a producer storing a payload that is already there writes it again,
 * which makes it young, and a payload written again after the listing is not deleted). Payloads are
 * content-addressed, so matching by digest keeps a payload any retained record still needs,
 * whatever URI it used. A store must serve one cluster.
 */
public final class ClaimCheckPruner {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimCheckPruner.class);

  /**
   * What a pass found and did.
   *
   * @param stored payloads in the store
   * @param referenced distinct digests named by retained records
   * @param young unreferenced payloads kept because they are younger than the minimum age
   * @param tasks the tasks whose records were read
   * @param removable unreferenced payloads old enough to delete
   * @param deleted whether {@code removable} were deleted (false: a dry run); one written again
   *     meanwhile is kept and counted in {@code rewritten}
   * @param rewritten removable payloads found written again when about to be deleted, and kept
   * @param undecodable retained values that could not be read (their payloads, if any, are kept
   *     only if another record names them: a pass with undecodable values deletes nothing)
   */
  public record Report(
      List<StoredBlob> stored,
      Set<String> tasks,
      int referenced,
      List<StoredBlob> young,
      List<StoredBlob> removable,
      boolean deleted,
      int rewritten,
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
   * One pass over {@code store}.
   *
   * @param minAge only payloads older than this are removable
   * @param delete delete the removable payloads; otherwise only report them
   * @throws IllegalStateException when a retained value cannot be decoded and {@code delete} is
   *     set: the payload it names is unknown, so nothing is deleted
   */
  public Report prune(BlobStore store, Duration minAge, boolean delete) throws IOException {
    // list first: a payload written after the listing is not a candidate however the reading goes
    List<StoredBlob> stored = store.list();
    Set<String> tasks = tasks();
    Set<String> referenced = new HashSet<>();
    long[] undecodable = {0};
    for (String task : tasks) {
      TaskTopics topics = TaskTopics.of(task);
      collect(topics.raw(), v -> Serdes.raw(format).decode(v), referenced, undecodable);
      collect(
          topics.labeled(),
          v -> Serdes.labeled(format).decode(v).getRaw(),
          referenced,
          undecodable);
      for (String topic : List.of(topics.accepted(), topics.rejected())) {
        collect(
            topic,
            v -> Serdes.scored(format).decode(v).getLabeled().getRaw(),
            referenced,
            undecodable);
      }
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
              + tasks
              + " could not be decoded, so the payloads they name are unknown: nothing deleted");
    }
    int rewritten = 0;
    if (delete) {
      for (StoredBlob blob : removable) {
        if (store.deleteIfUnchanged(blob)) {
          LOG.info(
              "Deleted {} ({} bytes, written {})", blob.uri(), blob.size(), blob.lastModified());
        } else {
          rewritten++;
          LOG.info("Kept {}: written again since the listing", blob.uri());
        }
      }
    }
    return new Report(
        stored, tasks, referenced.size(), young, removable, delete, rewritten, undecodable[0]);
  }

  /** Every task on the cluster: the topics named {@code <task>.raw}. */
  private Set<String> tasks() throws IOException {
    Map<String, Object> config = new java.util.HashMap<>(clientOverrides);
    config.put("bootstrap.servers", bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      return TaskTopics.tasksAmong(admin.listTopics().names().get(60, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while listing the cluster's topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("Cannot list the cluster's topics: " + e.getMessage(), e);
    }
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
