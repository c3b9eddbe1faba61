package io.distillery.cli.security;

import static io.distillery.cli.fixture.PipelineCommands.TASK;
import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.cli.fixture.CliProcess;
import io.distillery.cli.fixture.PipelineCommands;
import io.distillery.cli.fixture.SecuredCluster;
import io.distillery.kafka.CommittedReader;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.kafka.acl.StageAcls;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.testkit.records.Records;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ACL {@code distillery acls} gives every stage is needed: with any one of them revoked, the
 * stage, given work that uses it, stops with an error naming the missing operation and resource (it
 * neither retries forever nor writes half a transaction); with all of them back, the pipeline
 * decides every record it was given exactly once. Each stage runs as the {@code distillery} command
 * in a JVM of its own under its own principal over SASL_SSL.
 */
@Tag("integration")
@Timeout(value = 25, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryAclIT {

  private static final List<String> STAGES =
      List.of("producer", "labeler", "filter", "trainer", "monitor");
  private static final TaskTopics TOPICS = TaskTopics.of(TASK);

  @TempDir static Path dir;

  private SecuredCluster cluster;
  private InferenceServer teacher;
  private Path logs;
  private Path blobs;
  private final List<CliProcess> processes = new ArrayList<>();
  private final List<String> given = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> printed = new HashMap<>();
  private int probes;

  @BeforeAll
  void start() throws Exception {
    cluster = SecuredCluster.start(dir, STAGES);
    TopicProvisioner.ensure(cluster.admin(), TOPICS, TopicLayout.partitions(1));
    for (String stage : STAGES) {
      cluster.grant(StageAcls.of(StageAcls.Stage.parse(stage), "User:" + stage, TASK));
    }
    teacher = InferenceServer.start(PipelineCommands.teacher(dir.resolve("models"), "acl-teacher"));
    logs = dir.resolve("logs");
    blobs = Files.createDirectories(dir.resolve("blobs"));
  }

  @AfterAll
  void stop() throws Exception {
    for (CliProcess p : processes) {
      p.close();
    }
    if (teacher != null) {
      teacher.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    Path kept = Files.createDirectories(Path.of("target", "every-acl-logs"));
    if (logs != null && Files.isDirectory(logs)) {
      try (var files = Files.list(logs)) {
        for (Path log : files.toList()) {
          Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    StringBuilder summary = new StringBuilder();
    printed.forEach((k, v) -> summary.append(k).append("\n  ").append(v).append('\n'));
    Files.writeString(kept.resolve("SUMMARY.txt"), summary);
  }

  @TestFactory
  Stream<DynamicTest> shouldStopEachStageNamingAnyOneRevokedAclAndFinishOnceRestored() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String stage : STAGES) {
      for (AclBinding acl : StageAcls.of(StageAcls.Stage.parse(stage), "User:" + stage, TASK)) {
        String name = stage + " without " + StageAcls.describe(acl);
        tests.add(DynamicTest.dynamicTest(name, () -> withoutAcl(name, stage, acl)));
      }
    }
    tests.add(
        DynamicTest.dynamicTest(
            "every ACL back: each record decided once", this::everyRecordDecidedOnce));
    return tests.stream();
  }

  private void withoutAcl(String name, String stage, AclBinding acl) throws Exception {
    cluster.revoke(acl);
    try {
      List<String> command = work(stage);
      CliProcess p =
          PipelineCommands.run(
              processes,
              "probe-" + (++probes) + "-" + stage,
              logs,
              cluster.connection(stage),
              command);
      int exit = p.await(150);
      String log = p.log();
      p.close();
      String refusal =
          log.lines().filter(l -> l.contains("Not authorized: ")).findFirst().orElse("(none)");
      printed.put(name, refusal);
      assertThat(exit).as(log).isNotIn(0, -1);
      assertThat(refusal).as(log).contains(expectedNaming(acl));
    } finally {
      cluster.grant(List.of(acl));
    }
  }

  /** What the refusal must name: the operation and the resource. */
  private static String expectedNaming(AclBinding acl) {
    var r = acl.pattern();
    String type = r.resourceType().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    return acl.entry().operation().name() + " on " + type + " " + r.name();
  }

  /** Gives {@code stage} work that uses every permission it has; its command line. */
  private List<String> work(String stage) throws Exception {
    int n = probes;
    switch (stage) {
      case "producer" -> {
        return PipelineCommands.ingest(
            blobs, PipelineCommands.images(dir.resolve("images-" + n), 1000 + n, 1001 + n));
      }
      case "labeler" -> {
        String id = "raw-" + n;
        given.add(id);
        given.add("raw-garbage-" + n);
        send(
            TOPICS.raw(),
            id,
            Serdes.raw().encode(Records.image(TASK, id, png(n)).build()),
            "raw-garbage-" + n,
            "not a record".getBytes(StandardCharsets.UTF_8));
        return PipelineCommands.label(teacher.port(), "acl-teacher", blobs);
      }
      case "filter" -> {
        RawRecord sure = Records.image(TASK, "labeled-sure-" + n, png(n)).build();
        RawRecord unsure = Records.image(TASK, "labeled-unsure-" + n, png(n)).build();
        given.addAll(List.of(sure.getId(), unsure.getId(), "labeled-garbage-" + n));
        send(
            TOPICS.labeled(),
            sure.getId(),
            Serdes.labeled().encode(labeled(sure, 0.91f)),
            unsure.getId(),
            Serdes.labeled().encode(labeled(unsure, 0.1f)),
            "labeled-garbage-" + n,
            "not a record".getBytes(StandardCharsets.UTF_8));
        return PipelineCommands.filter(dir.resolve("filter-state"));
      }
      case "trainer" -> {
        RawRecord raw = Records.image(TASK, "accepted-" + n, png(n)).build();
        send(
            TOPICS.accepted(),
            raw.getId(),
            Serdes.scored().encode(Records.scored(labeled(raw, 0.91f), Decision.ACCEPT).build()),
            "accepted-garbage-" + n,
            "not a record".getBytes(StandardCharsets.UTF_8));
        List<String> train =
            new ArrayList<>(PipelineCommands.train(dir.resolve("trainer-" + n), blobs, 1));
        train.remove("--no-publish");
        train.set(train.indexOf("--evaluate-every") + 1, "1");
        train.addAll(List.of("--repository", dir.resolve("repository-" + n).toString()));
        return train;
      }
      case "monitor" -> {
        return List.of("monitor", "--once", "--task", TASK);
      }
      default -> throw new IllegalArgumentException(stage);
    }
  }

  private void everyRecordDecidedOnce() throws Exception {
    List<CliProcess> running = new ArrayList<>();
    running.add(
        PipelineCommands.run(
            processes,
            "final-label",
            logs,
            cluster.connection("labeler"),
            PipelineCommands.label(teacher.port(), "acl-teacher", blobs)));
    running.add(
        PipelineCommands.run(
            processes,
            "final-filter",
            logs,
            cluster.connection("filter"),
            PipelineCommands.filter(dir.resolve("filter-state"))));
    List<String> expected = new ArrayList<>(given);
    Awaitility.await()
        .atMost(java.time.Duration.ofMinutes(3))
        .pollInterval(java.time.Duration.ofSeconds(1))
        .until(() -> decided().containsAll(expected));
    List<String> decided = decided();
    assertThat(decided).doesNotHaveDuplicates().containsAll(expected);
    for (CliProcess p : running) {
      assertThat(p.alive()).as(p.log()).isTrue();
    }
    String all = "";
    for (CliProcess p : processes) {
      all += p.log();
    }
    for (String password : cluster.passwords()) {
      assertThat(all).doesNotContain(password);
    }
  }

  /** Ids decided by the labeler and the filter: accepted, rejected, or dead-lettered by them. */
  private List<String> decided() {
    Map<String, Object> admin = cluster.adminSettings();
    String bootstrap = cluster.broker().bootstrapServers();
    List<String> ids = new ArrayList<>();
    for (var r :
        CommittedReader.readAll(bootstrap, admin, List.of(TOPICS.accepted(), TOPICS.rejected()))) {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (!key.startsWith("accepted-")) {
        ids.add(key);
      }
    }
    for (var r : CommittedReader.readAll(bootstrap, admin, List.of(TOPICS.dlq()))) {
      DeadLetter letter = Serdes.deadLetter().decode(r.value());
      if (!letter.getStage().equals("trainer")) {
        ids.add(new String(r.key(), StandardCharsets.UTF_8));
      }
    }
    return ids;
  }

  private static LabeledRecord labeled(RawRecord raw, float top) {
    List<Float> p = new ArrayList<>();
    p.add(top);
    // the ten Fashion-MNIST classes the trainer's student has
    for (int i = 1; i < 10; i++) {
      p.add((1 - top) / 9);
    }
    return Records.labeled(raw, List.of(Records.probabilities(ModelRole.TEACHER, p))).build();
  }

  private void send(String topic, Object... keysAndValues) {
    Map<String, Object> config = new HashMap<>(cluster.adminSettings());
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.broker().bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < keysAndValues.length; i += 2) {
        producer.send(
            new ProducerRecord<>(
                topic,
                ((String) keysAndValues[i]).getBytes(StandardCharsets.UTF_8),
                (byte[]) keysAndValues[i + 1]));
      }
      producer.flush();
    }
  }

  private static byte[] png(int seed) throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    java.util.Random random = new java.util.Random(seed);
    for (int p = 0; p < 28 * 28; p++) {
      image.getRaster().setSample(p % 28, p / 28, 0, random.nextInt(256));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
