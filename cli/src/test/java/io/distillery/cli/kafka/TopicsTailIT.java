package io.distillery.cli.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.cli.Distillery;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.DeadLetters;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.records.Records;
import io.distillery.trainer.publish.VersionInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code distillery topics tail}: the pseudo-labels as a person reads them. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TopicsTailIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @Test
  void shouldPrintDecodedRecordsWithPayloadsSummarisedFilteredAndBounded() throws Exception {
    TaskTopics topics = kafka.createTopics("tailed", 1);
    byte[] pixels = new byte[] {9, 8, 7, 6, 5};
    RawRecord raw = Records.image("tailed", "img-1", pixels).build();
    LabeledRecord labeled =
        Records.labeled(raw, List.of(Records.probabilities(ModelRole.TEACHER, List.of(0.9f, 0.1f))))
            .build();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(
          new ProducerRecord<>(topics.raw(), "img-1".getBytes(), Serdes.raw().encode(raw)));
      for (Decision d : List.of(Decision.ACCEPT, Decision.SOFT, Decision.ACCEPT)) {
        producer.send(
            new ProducerRecord<>(
                topics.accepted(), Serdes.scored().encode(Records.scored(labeled, d).build())));
      }
      producer.send(new ProducerRecord<>(topics.accepted(), "not avro".getBytes()));
      producer.flush();
    }

    List<JsonNode> rawLines = tail("--topic", "raw", "--from-beginning");
    assertThat(rawLines).singleElement();
    JsonNode rawValue = rawLines.get(0).get("value");
    assertThat(rawLines.get(0).get("key").asText()).isEqualTo("img-1");
    assertThat(rawValue.get("id").asText()).isEqualTo("img-1");
    assertThat(rawValue.get("inline").get("bytes").asInt()).isEqualTo(pixels.length);
    assertThat(rawValue.get("inline").get("sha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels)));

    List<JsonNode> accepted = tail("--topic", "accepted", "--from-beginning");
    assertThat(accepted).hasSize(4);
    assertThat(accepted.get(1).get("value").get("decision").asText()).isEqualTo("SOFT");
    assertThat(
            accepted.get(0).get("value").get("labeled").get("outputs").get(0).get("probabilities"))
        .hasSize(2);
    assertThat(accepted.get(3).get("error").asText()).contains("undecodable value of 8 bytes");

    assertThat(tail("--topic", "accepted", "--from-beginning", "--where", "decision=SOFT"))
        .singleElement()
        .satisfies(line -> assertThat(line.get("offset").asLong()).isEqualTo(1));
    assertThat(tail("--topic", "accepted", "--from-beginning", "--max", "2")).hasSize(2);
    assertThat(tail("--topic", "accepted", "--last", "1"))
        .singleElement()
        .satisfies(line -> assertThat(line.get("offset").asLong()).isEqualTo(3));
  }

  @Test
  void shouldDecodeEveryOtherTopicOfTheTask() throws Exception {
    TaskTopics topics = kafka.createTopics("tailed-all", 1);
    RawRecord raw = Records.image("tailed-all", "img-2", new byte[] {4, 2}).build();
    LabeledRecord labeled =
        Records.labeled(raw, List.of(Records.probabilities(ModelRole.TEACHER, List.of(0.2f, 0.8f))))
            .build();
    DeadLetter letter =
        DeadLetters.of(
            "filter",
            "tailed-all",
            "img-3",
            DeadLetterReason.SCORING_FAILED,
            "a scorer threw",
            new DeadLetters.Origin(
                topics.labeled(), 0, 7L, "img-3".getBytes(), new byte[] {1, 2, 3}),
            Instant.now());
    VersionInfo version =
        new VersionInfo(
            "tailed-all",
            "tailed-all-student",
            3,
            2,
            40,
            128,
            Map.of("accuracy", 0.81),
            "file:/v3",
            "ab12",
            "PUBLISHED",
            5_000);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(new ProducerRecord<>(topics.labeled(), Serdes.labeled().encode(labeled)));
      producer.send(
          new ProducerRecord<>(
              topics.rejected(),
              Serdes.scored().encode(Records.scored(labeled, Decision.REJECT).build())));
      producer.send(new ProducerRecord<>(topics.dlq(), Serdes.deadLetter().encode(letter)));
      producer.send(
          new ProducerRecord<>(
              topics.studentVersions(),
              "tailed-all".getBytes(),
              Serdes.studentVersion().encode(version.toRecord())));
      producer.flush();
    }

    assertThat(
            tailOf("tailed-all", "labeled")
                .get("value")
                .at("/outputs/0/probabilities/1")
                .asDouble())
        .isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(tailOf("tailed-all", "rejected").get("value").get("decision").asText())
        .isEqualTo("REJECT");
    JsonNode dead = tailOf("tailed-all", "dlq").get("value");
    assertThat(dead.get("errorType").asText()).isEqualTo(DeadLetterReason.SCORING_FAILED.code());
    assertThat(dead.get("offset").asLong()).isEqualTo(7);
    assertThat(dead.get("originalValue").get("bytes").asInt()).isEqualTo(3);
    JsonNode announced = tailOf("tailed-all", "student-versions").get("value");
    assertThat(announced.get("version").asLong()).isEqualTo(3);
    assertThat(announced.get("status").asText()).isEqualTo("PUBLISHED");
  }

  /** The single line {@code topics tail} prints of {@code role}'s topic of {@code task}. */
  private static JsonNode tailOf(String task, String role) throws Exception {
    List<JsonNode> lines = tailTask(task, "--topic", role, "--from-beginning");
    assertThat(lines).as(role).singleElement();
    assertThat(lines.get(0).has("error")).as(lines.get(0).toString()).isFalse();
    return lines.get(0);
  }

  private static List<JsonNode> tail(String... args) throws Exception {
    return tailTask("tailed", args);
  }

  private static List<JsonNode> tailTask(String task, String... args) throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of(
                "topics", "tail", "--task", task, "--bootstrap-servers", kafka.bootstrapServers()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    CommandLine cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(out, true));
    int exit = cli.execute(all.toArray(String[]::new));
    assertThat(exit).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        lines.add(new ObjectMapper().readTree(line));
      }
    }
    return lines;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
