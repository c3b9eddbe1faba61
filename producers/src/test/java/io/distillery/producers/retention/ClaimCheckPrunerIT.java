package io.distillery.producers.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.claimcheck.BlobStore;
import io.distillery.claimcheck.StoredBlob;
import io.distillery.claimcheck.s3.S3Settings;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestConfigs;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.DirectorySource;
import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.media.TestPayloads;
import io.distillery.testkit.s3.S3Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Pruning claim-checked payloads against a real broker and a real S3 server (s3proxy, in process)
 * and a local folder: a payload is deleted only once no retained record names it and it is older
 * than the minimum age; a dry run deletes nothing; objects that are not payloads are left alone.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClaimCheckPrunerIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path dir;

  @Test
  void shouldDeleteOnlyOldPayloadsNoRetainedRecordNamesInS3() throws Exception {
    try (S3Server server = S3Server.start("payloads")) {
      S3Settings s3 =
          S3Settings.defaults()
              .withEndpoint(server.endpoint(), true)
              .withRegion("us-east-1")
              .withCredentials(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
      BlobLocation location = BlobLocation.parse("s3://payloads/asr-prune", s3);
      server.putObject(
          "payloads", "asr-prune/README", "not a payload".getBytes(StandardCharsets.UTF_8));
      shouldPrune("asr-prune", location, 0);
      assertThat(server.keys("payloads")).contains("asr-prune/README");
    }
  }

  @Test
  void shouldDeleteOnlyOldPayloadsNoRetainedRecordNamesInAFolder() throws Exception {
    Path root = dir.resolve("blobs");
    Files.createDirectories(root);
    Files.writeString(root.resolve("README"), "not a payload");
    shouldPrune("asr-prune-local", new BlobLocation.Directory(root), 1_000);
    assertThat(root.resolve("README")).exists();
  }

  /**
   * Three payloads of {@code task} and one of a second task sharing the store ({@code salt} keeps
   * the two tests' payloads apart: the cluster holds both tests' tasks).
   */
  private void shouldPrune(String task, BlobLocation location, int salt) throws Exception {
    Path audio = Files.createDirectories(dir.resolve(task + "-audio"));
    for (int i = 0; i < 3; i++) {
      Files.write(
          audio.resolve("u" + i + ".wav"), TestPayloads.wav(1, 16_000, 1, 16, 8_000 + salt + i));
    }
    IngestConfig config =
        IngestConfigs.withTopics(kafka, task, dir.resolve("unused"), 1)
            .withInlineLimit(1024)
            .withClaimCheckStore(location);
    IngestSummary summary = Ingestor.run(new DirectorySource(audio), config);
    assertThat(summary.claimChecked()).isEqualTo(3);
    Path otherAudio = Files.createDirectories(dir.resolve(task + "-other-audio"));
    Files.write(otherAudio.resolve("o.wav"), TestPayloads.wav(1, 16_000, 1, 16, 9_000 + salt));
    IngestConfig other =
        IngestConfigs.withTopics(kafka, task + "-other", dir.resolve("unused"), 1)
            .withInlineLimit(1024)
            .withClaimCheckStore(location);
    assertThat(Ingestor.run(new DirectorySource(otherAudio), other).claimChecked()).isEqualTo(1);
    ClaimCheck orphan;
    try (BlobStore store = BlobStore.open(location)) {
      orphan =
          store.put(
              "written, but its record was never sent".getBytes(StandardCharsets.UTF_8),
              "audio/wav");
    }
    Instant now = Instant.now();

    try (BlobStore store = BlobStore.open(location)) {
      // young: the orphan may be a payload whose record is on its way
      ClaimCheckPruner.Report young = pruner(now).prune(store, Duration.ofHours(1), true);
      assertThat(young.stored()).hasSize(5);
      assertThat(young.tasks()).contains(task, task + "-other");
      assertThat(young.young()).extracting(StoredBlob::sha256).containsExactly(orphan.getSha256());
      assertThat(young.removable()).isEmpty();

      // old enough, but a dry run
      ClaimCheckPruner.Report dry =
          pruner(now.plus(Duration.ofHours(2))).prune(store, Duration.ofHours(1), false);
      assertThat(dry.removable()).extracting(StoredBlob::uri).containsExactly(orphan.getUri());
      assertThat(store.list()).hasSize(5);

      // the first raw record passes retention: its payload goes with the orphan
      String first = firstRecordSha(task);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .deleteRecords(
                Map.of(new TopicPartition(task + ".raw", 0), RecordsToDelete.beforeOffset(1)))
            .all()
            .get();
      }
      ClaimCheckPruner.Report done =
          pruner(now.plus(Duration.ofHours(2))).prune(store, Duration.ofHours(1), true);
      assertThat(done.rewritten()).isZero();
      assertThat(done.removable())
          .extracting(StoredBlob::sha256)
          .containsExactlyInAnyOrder(orphan.getSha256(), first);
      assertThat(store.list()).hasSize(3).extracting(StoredBlob::sha256).doesNotContain(first);
    }
  }

  private static ClaimCheckPruner pruner(Instant at) {
    return new ClaimCheckPruner(
        kafka.bootstrapServers(), Map.of(), Clock.fixed(at, ZoneOffset.UTC));
  }

  private static String firstRecordSha(String task) {
    return io.distillery.kafka.CommittedReader.readAll(
            kafka.bootstrapServers(), Map.of(), List.of(task + ".raw"))
        .stream()
        .filter(r -> r.offset() == 0)
        .map(
            r ->
                io.distillery.schemas.serde.Serdes.raw()
                    .decode(r.value())
                    .getClaimCheck()
                    .getSha256())
        .findFirst()
        .orElseThrow();
  }
}
