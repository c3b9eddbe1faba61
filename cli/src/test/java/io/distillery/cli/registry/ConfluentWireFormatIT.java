package io.distillery.cli.registry;

import static io.distillery.cli.fixture.PipelineCommands.TASK;
import static io.distillery.cli.fixture.PipelineCommands.filter;
import static io.distillery.cli.fixture.PipelineCommands.label;
import static io.distillery.cli.fixture.PipelineCommands.run;
import static io.distillery.cli.fixture.PipelineCommands.teacher;
import static io.distillery.cli.fixture.PipelineCommands.train;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.cli.Distillery;
import io.distillery.cli.fixture.CliProcess;
import io.distillery.cli.fixture.PipelineCommands;
import io.distillery.kafka.CommittedReader;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.registry.RegistryConfig;
import io.distillery.schemas.registry.SchemaRegistryClient;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.records.Records;
import io.distillery.testkit.registry.ApicurioRegistry;
import io.distillery.testkit.tools.LocalTools;
import io.distillery.trainer.consumer.StudentVersionAnnouncer;
import io.distillery.trainer.publish.VersionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline in the Confluent wire format against a real registry (Apicurio Registry): every
 * stage runs as the {@code distillery} command with {@code --wire-format confluent
 * --schema-registry URL}; every value on every topic carries the id its subject holds, records in
 * the wrong format or with an unknown id are dead-lettered with the reason, {@code topics tail}
 * prints them, and a second implementation of the format (KafkaJS's registry client) reads what the
 * filter accepted.
 */
@Tag("integration")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ConfluentWireFormatIT {

  private static final int IMAGES = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path dir;

  @Test
  void shouldRunThePipelineInTheConfluentWireFormatEndToEnd() throws Exception {
    Assumptions.assumeTrue(
        ApicurioRegistry.runner().isPresent(),
        "Apicurio Registry not unpacked (infra/scripts/install-prerequisites.sh)");
    Path kafkaJs = LocalTools.nodeModulesWith("@kafkajs/confluent-schema-registry").orElse(null);
    Assumptions.assumeTrue(
        kafkaJs != null,
        "@kafkajs/confluent-schema-registry not installed (infra/scripts/install-prerequisites.sh)");
    TaskTopics topics = kafka.createTopics(TASK, 1);
    List<CliProcess> processes = new ArrayList<>();
    Path logs = dir.resolve("logs");
    try (ApicurioRegistry server = ApicurioRegistry.start(logs);
        InferenceServer teacher =
            InferenceServer.start(teacher(dir.resolve("models"), "wire-teacher"))) {
      Map<String, Object> settings =
          Map.of(WireFormat.SETTING, "confluent", RegistryConfig.URL, server.confluentUrl());
      WireFormat confluent = WireFormat.from(settings);
      SchemaRegistryClient registry = new SchemaRegistryClient(new RegistryConfig(settings));
      List<String> connection =
          List.of(
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--wire-format",
              "confluent",
              "--schema-registry",
              server.confluentUrl());
      Path blobs = dir.resolve("blobs");

      PipelineCommands.ingestImages(
          processes, logs, connection, blobs, dir.resolve("img"), 0, IMAGES);
      // two raw values no confluent reader can take: single-object encoded, and an unknown id
      injectRaw(
          topics.raw(),
          Serdes.raw().encode(Records.image(TASK, "single-object-1", new byte[] {1}).build()),
          new byte[] {0, 0, 6, 120, 120, 2, 4, 6});
      CliProcess label =
          run(processes, "label", logs, connection, label(teacher.port(), "wire-teacher", blobs));
      run(processes, "filter", logs, connection, filter(dir.resolve("filter-state")));
      CliProcess train =
          run(processes, "train", logs, connection, train(dir.resolve("trainer"), blobs, IMAGES));
      assertThat(train.await(300)).as(train.log()).isZero();
      assertThat(train.log()).contains("trained " + IMAGES + " samples");

      // every value a stage wrote is framed with the id its subject holds
      for (String topic : List.of(topics.raw(), topics.labeled(), topics.accepted())) {
        int id = registry.latest(WireFormat.Confluent.subject(topic)).id();
        List<ConsumerRecord<byte[], byte[]>> records = read(topic);
        assertThat(records).isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (topic.equals(topics.raw()) && r.offset() >= IMAGES) {
            continue;
          }
          assertThat(r.value()[0]).as(topic).isZero();
          assertThat(ByteBuffer.wrap(r.value(), 1, 4).getInt()).as(topic).isEqualTo(id);
        }
      }

      // conservation: each raw record decided once; the two foreign ones dead-lettered, saying why
      Set<String> decided = new HashSet<>();
      List<String> ids = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : read(topics.accepted(), topics.rejected())) {
        ids.add(Serdes.scored(confluent).decode(r.value()).getLabeled().getRaw().getId());
      }
      List<DeadLetter> letters =
          read(topics.dlq()).stream()
              .map(r -> Serdes.deadLetter(confluent).decode(r.value()))
              .toList();
      assertThat(ids).hasSize(IMAGES).doesNotHaveDuplicates();
      decided.addAll(ids);
      assertThat(letters)
          .hasSize(2)
          .allSatisfy(
              l -> {
                assertThat(l.getStage()).isEqualTo("labeler");
                assertThat(l.getErrorType()).isEqualTo(DeadLetterReason.UNDECODABLE_RECORD.code());
              });
      assertThat(letters.get(0).getReason())
          .contains("Avro single-object encoded")
          .contains("distillery.wire.format=confluent");
      assertThat(letters.get(1).getReason()).contains("Unknown schema id 424056");
      assertThat(read(topics.raw())).hasSize(IMAGES + 2);

      // the student-versions topic, written by the trainer's announcer in the same format
      try (StudentVersionAnnouncer announcer =
          new StudentVersionAnnouncer(kafka.bootstrapServers(), settings)) {
        announcer.accept(
            new VersionInfo(
                TASK,
                TASK + "-student",
                1,
                0,
                10,
                6,
                Map.of("accuracy", 0.5),
                "file:/v1",
                "ab",
                "PUBLISHED",
                1));
      }

      // topics tail decodes every topic in this format...
      Map<String, Integer> expected =
          Map.of(
              "raw",
              IMAGES + 2,
              "labeled",
              IMAGES,
              "accepted",
              ids.size(),
              "dlq",
              2,
              "student-versions",
              1);
      for (Map.Entry<String, Integer> topic : expected.entrySet()) {
        List<JsonNode> lines = tail(topic.getKey(), connection);
        assertThat(lines).as(topic.getKey()).hasSize(topic.getValue());
        long decoded = lines.stream().filter(l -> l.has("value")).count();
        assertThat(decoded)
            .as(topic.getKey())
            .isEqualTo(topic.getKey().equals("raw") ? IMAGES : topic.getValue());
      }
      // ...and a reader in the other format says which format it found
      List<JsonNode> misread =
          tail("accepted", List.of("--bootstrap-servers", kafka.bootstrapServers()));
      assertThat(misread)
          .hasSize(ids.size())
          .allSatisfy(
              l ->
                  assertThat(l.get("error").asText())
                      .contains("looks like the Confluent wire format"));

      // an independent implementation of the format reads what the filter accepted
      List<ConsumerRecord<byte[], byte[]>> accepted = read(topics.accepted());
      List<JsonNode> independent = decodeWithKafkaJs(kafkaJs, server.confluentUrl(), accepted);
      assertThat(independent).hasSize(accepted.size());
      for (int i = 0; i < accepted.size(); i++) {
        ScoredRecord mine = Serdes.scored(confluent).decode(accepted.get(i).value());
        JsonNode theirs = independent.get(i);
        assertThat(theirs.at("/labeled/raw/id").asText())
            .isEqualTo(mine.getLabeled().getRaw().getId());
        assertThat(theirs.at("/decision").asText()).isEqualTo(mine.getDecision().name());
        assertThat(theirs.at("/weight").asDouble()).isEqualTo(mine.getWeight());
        assertThat(theirs.at("/policy").asText()).isEqualTo(mine.getPolicy());
        assertThat(theirs.at("/labeled/outputs").size())
            .isEqualTo(mine.getLabeled().getOutputs().size());
      }

      // the registry goes away: a labeler that has not cached the schema stops, naming it,
      // instead of dead-lettering a good record, and its offsets stay where they were
      label.close();
      injectRaw(
          topics.raw(),
          Serdes.raw(confluent)
              .encode(topics.raw(), Records.image(TASK, "during-outage", new byte[] {2}).build()));
      server.close();
      List<String> impatient = new ArrayList<>(connection);
      impatient.addAll(List.of("--kafka-property", RegistryConfig.RETRY_MAX_MS + "=2000"));
      CliProcess stranded =
          run(
              processes,
              "label-outage",
              logs,
              impatient,
              label(teacher.port(), "wire-teacher", blobs));
      assertThat(stranded.await(120)).as(stranded.log()).isEqualTo(1);
      assertThat(stranded.log()).contains("Schema registry unavailable after 2000 ms");
      assertThat(read(topics.dlq())).hasSize(2);
      assertThat(read(topics.labeled())).hasSize(IMAGES);
      assertThat(committedRaw(topics.raw())).isEqualTo(IMAGES + 2);
    } finally {
      for (CliProcess p : processes) {
        p.close();
      }
      // kept for a person to read what each stage printed (the stranded labeler's error)
      Path kept = Files.createDirectories(Path.of("target", "confluent-wire-logs"));
      try (var files = Files.list(logs)) {
        for (Path log : files.toList()) {
          Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String... topics) {
    return CommittedReader.readAll(kafka.bootstrapServers(), Map.of(), List.of(topics));
  }

  private static void injectRaw(String topic, byte[]... values) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        producer.send(
            new ProducerRecord<>(topic, "foreign".getBytes(StandardCharsets.UTF_8), value));
      }
      producer.flush();
    }
  }

  private static List<JsonNode> tail(String topic, List<String> connection) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("topics", "tail", "--task", TASK, "--topic", topic, "--from-beginning"));
    args.addAll(connection);
    StringWriter out = new StringWriter();
    var cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    assertThat(cli.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private static long committedRaw(String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      OffsetAndMetadata committed =
          admin
              .listConsumerGroupOffsets("distillery-labeler-" + TASK)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS)
              .get(new TopicPartition(topic, 0));
      return committed == null ? -1 : committed.offset();
    }
  }

  private List<JsonNode> decodeWithKafkaJs(
      Path modules, String registryUrl, List<ConsumerRecord<byte[], byte[]>> records)
      throws Exception {
    Path values = dir.resolve("accepted.json");
    JSON.writeValue(
        values.toFile(),
        records.stream().map(r -> Base64.getEncoder().encodeToString(r.value())).toList());
    Path script = dir.resolve("decode-confluent.js");
    try (var in = getClass().getResourceAsStream("decode-confluent.js")) {
      Files.copy(in, script);
    }
    ProcessBuilder node =
        new ProcessBuilder("node", script.toString(), registryUrl, values.toString());
    node.environment().put("NODE_PATH", modules.toString());
    Path out = dir.resolve("kafkajs.out");
    Process p =
        node.redirectOutput(out.toFile())
            .redirectError(dir.resolve("kafkajs.err").toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("kafkajs.err"))).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }
}
