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
import io.distillery.broker.ScramSecurity;
import io.distillery.broker.SslListener;
import io.distillery.cli.Distillery;
import io.distillery.cli.fixture.CliProcess;
import io.distillery.cli.fixture.PipelineCommands;
import io.distillery.kafka.CommittedReader;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.kafka.acl.StageAcls;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.testkit.tls.CertificateAuthority;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
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

  private String sasl;
  private CertificateAuthority ca;
  private Path secrets;
  private Path logs;
  private List<CliProcess> processes;

  @Test
  void shouldRunEveryStageUnderItsOwnPrincipalWithExactlyItsAcls() throws Exception {
    ScramSecurity security = new ScramSecurity("admin", "admin-" + UUID.randomUUID());
    CertificateAuthority ca = CertificateAuthority.create(dir.resolve("ca"), "distillery-test-ca");
    SslListener tls =
        new SslListener(ca.issue("broker").keyAndCertificate(), ca.certificate(), false);
    Map<String, String> passwords = new LinkedHashMap<>();
    STAGES.forEach(s -> passwords.put(s, s + "-" + UUID.randomUUID()));
    Path secrets = dir.resolve("secrets.properties");
    StringBuilder lines = new StringBuilder();
    passwords.forEach((s, p) -> lines.append(s).append('=').append(p).append('\n'));
    Files.writeString(secrets, lines);
    Path logs = dir.resolve("logs");
    List<CliProcess> processes = new ArrayList<>();
    try (EmbeddedKafka broker =
            EmbeddedKafka.start(dir.resolve("kafka"), 0, security.brokerSettings(), tls);
        Admin admin = admin(broker, security);
        InferenceServer server =
            InferenceServer.start(teacher(dir.resolve("models"), "acl-teacher"))) {
      for (Map.Entry<String, String> user : passwords.entrySet()) {
        admin
            .alterUserScramCredentials(
                List.of(
                    new UserScramCredentialUpsertion(
                        user.getKey(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        user.getValue())))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      TopicProvisioner.ensure(admin, TaskTopics.of(TASK), TopicLayout.partitions(1));
      Path adminConfig = dir.resolve("admin.properties");
      writeProperties(adminConfig, security.adminClientSettings());
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
      sasl = broker.sslBootstrapServers();
      this.ca = ca;
      this.secrets = secrets;
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
      Map<String, Object> adminSettings = security.adminClientSettings();
      assertThat(count(broker, adminSettings, topics.labeled())).isEqualTo(IMAGES);
      assertThat(decidedIds(broker, adminSettings)).hasSize(IMAGES).doesNotHaveDuplicates();

      // the labeler loses WRITE on the labeled topic while it runs: it stops on its next
      // transaction, naming what is missing; nothing of it is written, its offsets stay
      AclBinding write = acl("labeler", "Write on topic " + topics.labeled());
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
      AclBinding accept = acl("filter", "Write on topic " + topics.accepted());
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
      AclBinding produce = acl("producer", "Write on topic " + topics.raw());
      admin.deleteAcls(List.of(produce.toFilter())).all().get(30, TimeUnit.SECONDS);
      CliProcess refused =
          stage(
              "ingest-refused",
              "producer",
              PipelineCommands.ingest(blobs, images(dir.resolve("images-refused"), 100, 101)));
      assertThat(refused.await(120)).as(refused.log()).isEqualTo(1);
      assertThat(refused.log()).contains("Not authorized: ").contains("producer's principal");
      admin.createAcls(List.of(produce)).all().get(30, TimeUnit.SECONDS);
      AclBinding read = acl("trainer", "Read on topic " + topics.accepted());
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
    for (String password : passwords.values()) {
      assertThat(all.toString()).doesNotContain(password);
    }
  }

  /** Runs {@code command} as {@code stage}'s principal over SASL_SSL. */
  private CliProcess stage(String name, String stage, List<String> command) throws IOException {
    return run(
        processes,
        name,
        logs,
        List.of("--bootstrap-servers", sasl, "--kafka-config", client(stage).toString()),
        command);
  }

  /** Ingests images {@code from} to {@code to - 1} as the producer; it must finish cleanly. */
  private void ingestImages(Path blobs, int from, int to) throws Exception {
    CliProcess ingest =
        stage(
            "ingest-" + from,
            "producer",
            PipelineCommands.ingest(blobs, images(dir.resolve("images-" + from), from, to)));
    assertThat(ingest.await(120)).as(ingest.log()).isZero();
  }

  /** The ACL of {@code stage} that reads as {@code described}, e.g. "Write on topic t.labeled". */
  private static AclBinding acl(String stage, String described) {
    return StageAcls.of(StageAcls.Stage.parse(stage), "User:" + stage, TASK).stream()
        .filter(a -> StageAcls.describe(a).equals(described))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ACL " + described + " for " + stage));
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

  /**
   * The client settings of {@code stage}: SASL_SSL with SCRAM-SHA-512 as {@code User:<stage>}, the
   * password looked up in the secrets file by Kafka's FileConfigProvider.
   */
  private Path client(String stage) throws IOException {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("security.protocol", "SASL_SSL");
    c.put("sasl.mechanism", ScramSecurity.MECHANISM);
    c.put("ssl.truststore.type", "PEM");
    c.put("ssl.truststore.location", ca.certificate().toString());
    c.put("config.providers", "file");
    c.put(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    c.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + stage
            + "\" password=\"${file:"
            + secrets
            + ":"
            + stage
            + "}\";");
    Path file = dir.resolve(stage + ".properties");
    writeProperties(file, c);
    return file;
  }

  private static void writeProperties(Path file, Map<String, Object> settings) throws IOException {
    StringBuilder out = new StringBuilder();
    settings.forEach(
        (k, v) ->
            out.append(k).append('=').append(v.toString().replace("\\", "\\\\")).append('\n'));
    Files.writeString(file, out);
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

  private static Admin admin(EmbeddedKafka broker, ScramSecurity security) {
    Map<String, Object> config = new HashMap<>(security.adminClientSettings());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return Admin.create(config);
  }
}
