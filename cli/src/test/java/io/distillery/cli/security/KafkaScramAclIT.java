package io.distillery.cli.security;

import static io.distillery.cli.fixture.PipelineCommands.TASK;
import static io.distillery.cli.fixture.PipelineCommands.filter;
import static io.distillery.cli.fixture.PipelineCommands.images;
import static io.distillery.cli.fixture.PipelineCommands.label;
import static io.distillery.cli.fixture.PipelineCommands.run;
import static io.distillery.cli.fixture.PipelineCommands.teacher;
import static io.distillery.cli.fixture.PipelineCommands.train;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.cli.Distillery;
import io.distillery.cli.fixture.CliProcess;
import io.distillery.cli.fixture.PipelineCommands;
import io.distillery.cli.fixture.SecuredCluster;
import io.distillery.kafka.CommittedReader;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured cluster: SASL_SSL with SCRAM-SHA-512, Kafka's StandardAuthorizer, only the
 * administrator a super user. Each stage runs as the {@code distillery} command under its own
 * principal with exactly the ACLs {@code distillery acls --apply} gives it, its password read from
 * a secrets file by Kafka's FileConfigProvider (never on the command line, never in a log).
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaScramAclIT {

  private static final int IMAGES = 6;
  private static final List<String> STAGES =
      List.of("producer", "labeler", "filter", "trainer", "monitor");

  @TempDir Path dir;

  private SecuredCluster cluster;
  private Path logs;
  private List<CliProcess> processes;

  @Test
  void shouldRunEveryStageUnderItsOwnPrincipalWithExactlyItsAcls() throws Exception {
    Path logs = dir.resolve("logs");
    List<CliProcess> processes = new ArrayList<>();
    try (SecuredCluster cluster = SecuredCluster.start(dir, STAGES);
        InferenceServer server =
            InferenceServer.start(teacher(dir.resolve("models"), "acl-teacher"))) {
      EmbeddedKafka broker = cluster.broker();
      Admin admin = cluster.admin();
      TopicProvisioner.ensure(admin, TaskTopics.of(TASK), TopicLayout.partitions(1));
      Path adminConfig = cluster.adminConfig();
      for (String stage : STAGES) {
        String printed =
            cli(
                "acls",
                "--stage",
                stage,
                "--principal",
                "User:" + stage,
                "--task",
                TASK,
                "--apply",
                "-b",
                broker.bootstrapServers(),
                "--kafka-config",
                adminConfig.toString());
        assertThat(printed).contains("allowed User:" + stage);
      }
      this.cluster = cluster;
      this.logs = logs;
      this.processes = processes;
      Path blobs = dir.resolve("blobs");

      ingestImages(blobs, 0, IMAGES);
      CliProcess label = stage("label", "labeler", label(server.port(), "acl-teacher", blobs));
      CliProcess filter = stage("filter", "filter", filter(dir.resolve("filter-state")));
      CliProcess train = stage("train", "trainer", train(dir.resolve("trainer"), blobs, IMAGES));
      assertThat(train.await(300)).as(train.log()).isZero();
      assertThat(train.log()).contains("trained " + IMAGES + " samples");
      assertThat(label.alive()).as(label.log()).isTrue();
      assertThat(filter.alive()).as(filter.log()).isTrue();
      CliProcess monitor =
          stage("monitor", "monitor", List.of("monitor", "--once", "--task", TASK));
      assertThat(monitor.await(120)).as(monitor.log()).isZero();
      assertThat(monitor.log()).contains(TASK).contains("distillery-labeler-" + TASK);
      CliProcess tail =
          stage(
              "tail",
              "monitor",
              List.of(
                  "topics",
                  "tail",
                  "--task",
                  TASK,
                  "--topic",
                  "accepted",
                  "--from-beginning",
                  "--max",
                  "2"));
      assertThat(tail.await(120)).as(tail.log()).isZero();
      assertThat(tail.log()).contains("\"topic\":\"fmnist.accepted\"");

      // conservation, read by the administrator: every raw record decided once
      TaskTopics topics = TaskTopics.of(TASK);
      Map<String, Object> adminSettings = cluster.adminSettings();
      assertThat(count(broker, adminSettings, topics.labeled())).isEqualTo(IMAGES);
      assertThat(decidedIds(broker, adminSettings)).hasSize(IMAGES).doesNotHaveDuplicates();

      // the labeler loses WRITE on the labeled topic while it runs: it stops on its next
      // transaction, naming what is missing; nothing of it is written, its offsets stay
      AclBinding write = SecuredCluster.acl("labeler", TASK, "Write on topic " + topics.labeled());
      admin.deleteAcls(List.of(write.toFilter())).all().get(30, TimeUnit.SECONDS);
      ingestImages(blobs, IMAGES, IMAGES + 3);
      assertThat(label.await(120)).as(label.log()).isEqualTo(1);
      assertThat(label.log())
          .contains(
              "Not authorized: WRITE on topic fmnist.labeled is missing for this labeler's"
                  + " principal");
      assertThat(count(broker, adminSettings, topics.labeled())).isEqualTo(IMAGES);
      assertThat(committed(admin, "distillery-labeler-" + TASK, topics.raw())).isEqualTo(IMAGES);
      admin.createAcls(List.of(write)).all().get(30, TimeUnit.SECONDS);
      CliProcess relabel =
          stage("label-again", "labeler", label(server.port(), "acl-teacher", blobs));

      // the filter loses WRITE on the accepted topic: it stops the same way
      await(() -> decidedIds(broker, adminSettings).size() == IMAGES + 3);
      AclBinding accept = SecuredCluster.acl("filter", TASK, "Write on topic " + topics.accepted());
      admin.deleteAcls(List.of(accept.toFilter())).all().get(30, TimeUnit.SECONDS);
      ingestImages(blobs, IMAGES + 3, IMAGES + 6);
      assertThat(filter.await(120)).as(filter.log()).isNotZero();
      assertThat(filter.log())
          .contains(
              "Not authorized: WRITE on topic fmnist.accepted is missing for this filter's"
                  + " principal");
      admin.createAcls(List.of(accept)).all().get(30, TimeUnit.SECONDS);
      stage("filter-again", "filter", filter(dir.resolve("filter-state")));

      // a stage started without one of its ACLs stops at once, naming it
      AclBinding produce = SecuredCluster.acl("producer", TASK, "Write on topic " + topics.raw());
      admin.deleteAcls(List.of(produce.toFilter())).all().get(30, TimeUnit.SECONDS);
      CliProcess refused =
          stage(
              "ingest-refused",
              "producer",
              PipelineCommands.ingest(blobs, images(dir.resolve("images-refused"), 100, 101)));
      assertThat(refused.await(120)).as(refused.log()).isEqualTo(1);
      assertThat(refused.log()).contains("Not authorized: ").contains("producer's principal");
      admin.createAcls(List.of(produce)).all().get(30, TimeUnit.SECONDS);
      AclBinding read = SecuredCluster.acl("trainer", TASK, "Read on topic " + topics.accepted());
      admin.deleteAcls(List.of(read.toFilter())).all().get(30, TimeUnit.SECONDS);
      CliProcess untrained =
          stage("train-refused", "trainer", train(dir.resolve("trainer-refused"), blobs, 0));
      assertThat(untrained.await(120)).as(untrained.log()).isNotZero().isNotEqualTo(-1);
      assertThat(untrained.log())
          .contains(
              "Not authorized: READ on topic fmnist.accepted is missing for this trainer's"
                  + " principal");
      admin.createAcls(List.of(read)).all().get(30, TimeUnit.SECONDS);

      // restored: every record decided, none twice
      await(() -> decidedIds(broker, adminSettings).size() >= IMAGES + 6);
      assertThat(decidedIds(broker, adminSettings)).hasSize(IMAGES + 6).doesNotHaveDuplicates();
      assertThat(count(broker, adminSettings, topics.labeled())).isEqualTo(IMAGES + 6);
      assertThat(relabel.alive()).as(relabel.log()).isTrue();
    } finally {
      for (CliProcess p : processes) {
        p.close();
      }
    }
    StringBuilder all = new StringBuilder();
    for (CliProcess p : processes) {
      all.append(p.log());
    }
    // kept for a person to read what each refused stage printed
    Path kept = Files.createDirectories(Path.of("target", "scram-acl-logs"));
    try (var logFiles = Files.list(logs)) {
      for (Path log : logFiles.toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (String password : cluster.passwords()) {
      assertThat(all.toString()).doesNotContain(password);
    }
  }

  /** Runs {@code command} as {@code stage}'s principal over SASL_SSL. */
  private CliProcess stage(String name, String stage, List<String> command) throws IOException {
    return run(processes, name, logs, cluster.connection(stage), command);
  }

  /** Ingests images {@code from} to {@code to - 1} as the producer; it must finish cleanly. */
  private void ingestImages(Path blobs, int from, int to) throws Exception {
    PipelineCommands.ingestImages(
        processes,
        logs,
        cluster.connection("producer"),
        blobs,
        dir.resolve("images-" + from),
        from,
        to);
  }

  /** The record ids of every decided record: accepted, rejected and dead-lettered. */
  private static List<String> decidedIds(EmbeddedKafka broker, Map<String, Object> settings) {
    TaskTopics topics = TaskTopics.of(TASK);
    List<String> ids = new ArrayList<>();
    for (var record :
        CommittedReader.readAll(
            broker.bootstrapServers(),
            settings,
            List.of(topics.accepted(), topics.rejected(), topics.dlq()))) {
      ids.add(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return ids;
  }

  private static long committed(Admin admin, String group, String topic) throws Exception {
    var offset =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS)
            .get(new org.apache.kafka.common.TopicPartition(topic, 0));
    return offset == null ? -1 : offset.offset();
  }

  private static void await(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofMinutes(2))
        .pollInterval(java.time.Duration.ofMillis(500))
        .until(condition);
  }

  private static long count(EmbeddedKafka broker, Map<String, Object> settings, String topic) {
    return CommittedReader.readAll(broker.bootstrapServers(), settings, List.of(topic)).size();
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    var cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    int status = cli.execute(args);
    assertThat(status).as(out.toString()).isZero();
    return out.toString();
  }
}
