package io.distillery.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.claimcheck.BlobLocation;
import io.distillery.media.image.Images;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.media.TestPayloads;
import io.distillery.testkit.records.Records;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery export}: accepted records written as a NeMo manifest and as WebDataset shards,
 * read back by Python's standard library as a trainer would, each record exactly once across a
 * stopped run, a crash's leftovers and a second run.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TrainingSetExportIT {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final int IMAGES = 23;
  private static final List<String> TEXTS =
      List.of("hello world", "turn left", "stop here", "open the door", "good morning");

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path work;

  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void python() {
    assumeThat(Files.isExecutable(PYTHON))
        .as("Debian's python3 reads the exported sets back")
        .isTrue();
  }

  @Test
  void shouldWriteWebDatasetShardsOfImagesEachRecordOnceAcrossRuns() throws Exception {
    TaskTopics topics = kafka.createTopics("exp-img", 2);
    Map<String, Integer> expected = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < IMAGES; i++) {
        int label = i % 10;
        String id = "img." + i;
        expected.put(id, label);
        send(producer, topics.accepted(), image(id, label, i == 3));
      }
      // an image whose ensemble (the committee's mean) disagrees with the teacher: the ensemble
      // is what a student learns from
      expected.put("img.ensemble", 7);
      send(
          producer,
          topics.accepted(),
          Records.scored(
                  Records.labeled(
                          Records.image("exp-img", "img.ensemble", png()).build(),
                          List.of(
                              Records.probabilities(ModelRole.TEACHER, oneHot(2)),
                              Records.probabilities(ModelRole.ENSEMBLE, oneHot(7))))
                      .build(),
                  Decision.ACCEPT)
              .build());
      // no output to learn from: passed over with its reason
      send(
          producer,
          topics.accepted(),
          Records.scored(
                  Records.labeled(
                          Records.image("exp-img", "img.unlabeled", png()).build(), List.of())
                      .build(),
                  Decision.ACCEPT)
              .build());
    }
    Path out = work.resolve("webdataset");

    TrainingSetExport.Summary first = export("exp-img", ExportFormat.WEBDATASET, out, 12);
    Files.write(out.resolve("shard-000009.tar.tmp"), new byte[] {1, 2, 3}); // a crash's leftover
    TrainingSetExport.Summary second = export("exp-img", ExportFormat.WEBDATASET, out, 0);
    TrainingSetExport.Summary third = export("exp-img", ExportFormat.WEBDATASET, out, 0);

    assertThat(first.added()).isEqualTo(12);
    assertThat(second.added()).isEqualTo(IMAGES + 1 - 12);
    Map<String, Long> skipped = new HashMap<>(first.skippedByReason());
    second.skippedByReason().forEach((k, v) -> skipped.merge(k, v, Long::sum));
    assertThat(skipped)
        .as("passed over once, with its reason")
        .containsExactly(Map.entry("missing-teacher-output", 1L));
    assertThat(third.added()).as("nothing new: nothing added").isZero();
    JsonNode read = python("webdataset", out);
    assertThat(read.get("samples").asInt()).isEqualTo(IMAGES + 1);
    assertThat(read.get("unique_ids").asInt()).isEqualTo(IMAGES + 1);
    Map<String, Integer> labels = new HashMap<>();
    read.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asInt()));
    assertThat(labels).isEqualTo(expected);
    assertThat(read.get("png_sizes").toString())
        .as("PNG files, the raw IDX record's pixels included")
        .isEqualTo("[[28,28]]");
    assertThat(read.get("shards").asInt()).isEqualTo(third.shards()).isGreaterThanOrEqualTo(3);
    assertThat(Files.exists(out.resolve("shard-000009.tar.tmp"))).isFalse();
  }

  @Test
  void shouldWriteANemoManifestOfSpeechEachRecordOnceAfterACrash() throws Exception {
    TaskTopics topics = kafka.createTopics("exp-asr", 1);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < TEXTS.size(); i++) {
        RawRecord raw =
            Records.speech("exp-asr", "utt-" + i, TestPayloads.goodWav(0.5 + i * 0.25)).build();
        ModelOutput teacher = Records.transcript(ModelRole.TEACHER, TEXTS.get(i));
        send(
            producer,
            topics.accepted(),
            Records.scored(Records.labeled(raw, List.of(teacher)).build(), Decision.ACCEPT)
                .setWeight(0.5 + i)
                .build());
      }
    }
    Path out = work.resolve("nemo");

    export("exp-asr", ExportFormat.NEMO, out, 2);
    // a crash after appending a line, before the commit: the next run cuts it off
    Files.writeString(
        out.resolve(NemoManifest.MANIFEST),
        "{\"audio_filepath\": \"audio/half-written.wav\"",
        StandardOpenOption.APPEND);
    TrainingSetExport.Summary rest = export("exp-asr", ExportFormat.NEMO, out, 0);

    assertThat(rest.added()).isEqualTo(TEXTS.size() - 2);
    assertThat(rest.exported()).isEqualTo(TEXTS.size());
    JsonNode read = python("nemo", out);
    assertThat(read.get("lines").asInt()).isEqualTo(TEXTS.size());
    assertThat(read.get("unique_ids").asInt()).isEqualTo(TEXTS.size());
    List<String> texts = new ArrayList<>();
    read.get("texts").forEach(t -> texts.add(t.asText()));
    assertThat(texts).containsExactlyInAnyOrderElementsOf(TEXTS);
    String manifest = Files.readString(out.resolve(NemoManifest.MANIFEST));
    assertThat(manifest).contains("\"weight\":4.5").doesNotContain("half-written");
  }

  private TrainingSetExport.Summary export(String task, ExportFormat format, Path out, long max)
      throws IOException {
    return new TrainingSetExport(
            new ExportSettings(
                task,
                "accepted",
                format,
                out,
                kafka.bootstrapServers(),
                Map.of(),
                BlobLocation.directories(List.of(work)),
                64L << 20,
                10,
                max))
        .run();
  }

  private JsonNode python(String kind, Path folder) throws Exception {
    Path script = work.resolve("read_training_set.py");
    try (InputStream in = getClass().getResourceAsStream("/export/read_training_set.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process process =
        new ProcessBuilder(PYTHON.toString(), script.toString(), kind, folder.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return json.readTree(output);
  }

  private static io.distillery.schemas.avro.ScoredRecord image(
      String id, int label, boolean rawPixels) throws IOException {
    RawRecord.Builder raw =
        rawPixels
            ? Records.image("exp-img", id, new byte[28 * 28]).setContentType(Images.IDX)
            : Records.image("exp-img", id, png());
    return Records.scored(
            Records.labeled(
                    raw.build(), List.of(Records.probabilities(ModelRole.TEACHER, oneHot(label))))
                .build(),
            Decision.ACCEPT)
        .setScores(Map.of("max-probability", 1.0))
        .build();
  }

  private static byte[] png() {
    return TestPayloads.image("png", 28, 28);
  }

  private static List<Float> oneHot(int label) {
    List<Float> p = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      p.add(i == label ? 0.91f : 0.01f);
    }
    return p;
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      io.distillery.schemas.avro.ScoredRecord record)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic,
                record.getLabeled().getRaw().getId().getBytes(StandardCharsets.UTF_8),
                Serdes.scored().encode(record)))
        .get();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
