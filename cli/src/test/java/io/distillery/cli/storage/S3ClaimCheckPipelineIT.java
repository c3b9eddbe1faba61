package io.distillery.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.cli.fixture.CliProcess;
import io.distillery.cli.fixture.PipelineCommands;
import io.distillery.kafka.CommittedReader;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.media.TestPayloads;
import io.distillery.testkit.models.SyntheticModels;
import io.distillery.testkit.s3.S3ProxyProcess;
import io.distillery.testkit.s3.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech payloads by claim check in S3, every stage a {@code distillery} command in its own JVM
 * with credentials from the AWS environment variables, against a real S3 server (s3proxy, SigV4, in
 * a JVM of its own): a 19.2 MB recording (600 s, the longest the speech policy accepts) and three
 * short ones are ingested to {@code s3://payloads/asr}, labeled with word times, filtered and
 * trained on, the long one cut into utterances at its words. The store is down when the labeler
 * starts: it holds its input (nothing labeled, nothing dead-lettered, no offset committed) and
 * carries on when the store is back; each record ends in exactly one outcome topic.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class S3ClaimCheckPipelineIT {

  private static final String TASK = "asr-en";

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path dir;

  @Test
  void shouldCarryRecordingsThroughS3FromIngestToTrainingAndHoldInputDuringAnOutage()
      throws Exception {
    TaskTopics topics = kafka.createTopics(TASK, 1);
    Path logs = dir.resolve("logs");
    Path audio = Files.createDirectories(dir.resolve("audio"));
    byte[] longest = TestPayloads.goodWav(600);
    Files.write(audio.resolve("long.wav"), longest);
    for (int i = 0; i < 3; i++) {
      Files.write(
          audio.resolve("short-" + i + ".wav"),
          TestPayloads.wav(1, 16_000, 1, 16, 32_000 + 1_600 * i));
    }
    SyntheticModels.timedSpeechRecognizer(dir.resolve("models"), "s3-teacher", 4, 2.5);
    List<CliProcess> processes = new ArrayList<>();
    Path jar =
        S3ProxyProcess.jar()
            .orElseThrow(() -> new AssertionError("target/s3proxy/s3proxy.jar: run through Maven"));
    try (S3ProxyProcess s3 = S3ProxyProcess.start(jar, dir.resolve("s3"), logs, "payloads");
        InferenceServer teacher =
            InferenceServer.start(ServerConfig.loopback(dir.resolve("models"), 0))) {
      Map<String, String> aws =
          Map.of(
              "AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
              "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY,
              "AWS_REGION", "us-east-1");
      List<String> common =
          List.of(
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--s3-endpoint",
              s3.endpoint().toString());
      List<String> root = List.of("--claim-check-root", "s3://payloads/asr");

      CliProcess ingest =
          start(
              processes,
              "ingest",
              logs,
              aws,
              common,
              List.of(
                  "ingest",
                  "dir",
                  "--task",
                  TASK,
                  "--partitions",
                  "1",
                  "--inline-limit",
                  "1024",
                  "--claim-check-store",
                  "s3://payloads/asr",
                  audio.toString()));
      assertThat(ingest.await(180)).as(ingest.log()).isZero();
      assertThat(ingest.log()).contains("by claim check under s3://payloads/asr");
      List<RawRecord> raws =
          read(topics.raw()).stream().map(r -> Serdes.raw().decode(r.value())).toList();
      assertThat(raws).hasSize(4);
      assertThat(raws)
          .allSatisfy(
              r -> {
                assertThat(r.getInline()).isNull();
                assertThat(r.getClaimCheck().getUri()).startsWith("s3://payloads/asr/");
              });
      assertThat(raws.stream().mapToLong(r -> r.getClaimCheck().getSize()).max().orElseThrow())
          .isEqualTo(longest.length);
      assertThat(s3.keys("payloads")).hasSize(4).allSatisfy(k -> assertThat(k).startsWith("asr/"));
      assertThat(dir.resolve(".distillery")).doesNotExist();

      // the store goes away before the labeler reads anything
      s3.stop();
      CliProcess label =
          start(
              processes,
              "label",
              logs,
              aws,
              common,
              concat(
                  List.of(
                      "label",
                      "--task",
                      TASK,
                      "--servers",
                      "127.0.0.1:" + teacher.port(),
                      "--models",
                      "teacher=s3-teacher",
                      "--linger-ms",
                      "50"),
                  root));
      Awaitility.await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> label.log().contains("Claim-check store unavailable"));
      assertThat(label.alive()).as(label.log()).isTrue();
      assertThat(read(topics.labeled(), topics.dlq())).isEmpty();
      assertThat(committed("distillery-labeler-" + TASK)).as("offsets committed on raw").isEmpty();

      s3.start();
      // the filter never reads payloads: it takes no S3 settings
      CliProcess filter =
          start(
              processes,
              "filter",
              logs,
              Map.of(),
              List.of("--bootstrap-servers", kafka.bootstrapServers()),
              List.of(
                  "filter",
                  "--task",
                  TASK,
                  "--partitions",
                  "1",
                  "--state-dir",
                  dir.resolve("filter-state").toString()));
      Awaitility.await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                assertThat(filter.alive()).as(filter.log()).isTrue();
                assertThat(label.alive()).as(label.log()).isTrue();
                return read(topics.accepted(), topics.rejected(), topics.dlq()).size() >= 4;
              });
      assertThat(label.log()).contains("Claim-check store answers again");

      // conservation: each raw record in exactly one outcome topic, none dead-lettered
      List<String> decided = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> accepted = read(topics.accepted());
      for (ConsumerRecord<byte[], byte[]> r : read(topics.accepted(), topics.rejected())) {
        decided.add(Serdes.scored().decode(r.value()).getLabeled().getRaw().getId());
      }
      assertThat(read(topics.dlq())).isEmpty();
      assertThat(decided).doesNotHaveDuplicates();
      Set<String> ids = new HashSet<>();
      raws.forEach(r -> ids.add(r.getId()));
      assertThat(new HashSet<>(decided)).isEqualTo(ids);
      String longId =
          raws.stream()
              .filter(r -> r.getClaimCheck().getSize() == longest.length)
              .findFirst()
              .orElseThrow()
              .getId();
      assertThat(
              accepted.stream()
                  .map(r -> Serdes.scored().decode(r.value()).getLabeled().getRaw().getId()))
          .as("the synthetic teacher's transcripts pass the default policy")
          .contains(longId);

      // the trainer fetches each accepted payload from S3 and trains on it; the 600 s recording
      // (a word every 2.5 s) is cut at its words into 20 utterances of at most 30 s, the
      // student's training window, one sample each
      int pieces = 20;
      int trained = accepted.size() - 1 + pieces;
      CliProcess train =
          start(
              processes,
              "train",
              logs,
              aws,
              common,
              PipelineCommands.train(TASK, dir.resolve("trainer"), "s3://payloads/asr", trained));
      assertThat(train.await(300)).as(train.log()).isZero();
      assertThat(train.log())
          .contains(
              "Cut record " + longId + " into " + pieces + " training utterances at its teacher's")
          .contains("trained " + trained + " samples")
          .contains(", 0 dead-lettered");
      assertThat(read(topics.dlq())).isEmpty();
    } finally {
      for (CliProcess p : processes) {
        p.close();
      }
      Path kept = Files.createDirectories(Path.of("target", "s3-claim-check-logs"));
      if (Files.isDirectory(logs)) {
        try (var files = Files.list(logs)) {
          for (Path log : files.toList()) {
            Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
  }

  private static CliProcess start(
      List<CliProcess> processes,
      String name,
      Path logs,
      Map<String, String> env,
      List<String> common,
      List<String> command)
      throws Exception {
    CliProcess p = CliProcess.start(name, logs, concat(command, common), env);
    processes.add(p);
    return p;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static Map<
          org.apache.kafka.common.TopicPartition,
          org.apache.kafka.clients.consumer.OffsetAndMetadata>
      committed(String group) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<
              org.apache.kafka.common.TopicPartition,
              org.apache.kafka.clients.consumer.OffsetAndMetadata>
          all =
              new java.util.HashMap<>(
                  admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
      all.values().removeIf(java.util.Objects::isNull);
      return all;
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String... topics) {
    return CommittedReader.readAll(kafka.bootstrapServers(), Map.of(), List.of(topics));
  }
}
