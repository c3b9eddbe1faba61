package io.distillery.trainer.export;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to export and where.
 *
 * @param task the task whose topic is exported
 * @param topic {@code accepted} or {@code rejected}
 * @param format the layout written
 * @param out the folder the training set goes to; it also keeps the export's progress, so running
 *     again continues where the last run stopped and adds only records written since
 * @param bootstrapServers the cluster
 * @param clientOverrides client settings passed through (TLS, SASL)
 * @param claimCheckRoots where claim-checked payloads may be read from
 * @param maxPayloadBytes the largest payload read
 * @param shardSize samples per WebDataset shard
 * @param maxRecords stop after this many records (0: read to the end of the topic)
 */
public record ExportSettings(
    String task,
    String topic,
    ExportFormat format,
    Path out,
    String bootstrapServers,
    Map<String, Object> clientOverrides,
    List<io.distillery.claimcheck.BlobLocation> claimCheckRoots,
    long maxPayloadBytes,
    int shardSize,
    long maxRecords) {

  /** Validates and copies. */
  public ExportSettings {
    if (!topic.equals("accepted") && !topic.equals("rejected")) {
      throw new IllegalArgumentException(
          "only the accepted or rejected topic holds scored records, not " + topic);
    }
    if (shardSize < 1) {
      throw new IllegalArgumentException("a shard holds at least one sample");
    }
    clientOverrides = Map.copyOf(clientOverrides);
    claimCheckRoots = List.copyOf(claimCheckRoots);
  }
}
