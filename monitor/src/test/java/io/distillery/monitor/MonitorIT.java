package io.distillery.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.web.MonitorWebServer;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.records.Records;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
@Timeout(180)
class MonitorIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  private static final String GROUP = "monitor-it-stage";

  @Test
  void shouldShowLagRisingWhileAStageIsStoppedAndDrainingWhenItRestarts() throws Exception {
    TaskTopics topics = kafka.createTopics("lagtask", 2);
    try (Monitor monitor = new Monitor(kafka.bootstrapServers(), Map.of(), Set.of("lagtask"))) {
      produceRaw(topics, 0, 40);
      drain(topics, 40);
      assertThat(groupLag(monitor.refresh())).isZero();

      produceRaw(topics, 40, 60);
      await().atMost(Duration.ofSeconds(30)).until(() -> groupLag(monitor.refresh()) == 60);
      TaskView stopped = monitor.latest().task("lagtask").orElseThrow();
      assertThat(stopped.lag()).extracting(l -> l.partition()).containsExactlyInAnyOrder(0, 1);

      drain(topics, 60);
      await().atMost(Duration.ofSeconds(30)).until(() -> groupLag(monitor.refresh()) == 0);
      assertThat(monitor.history()).hasSizeGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void shouldTallyDecisionsReasonsAndDeadLettersAndServeThemAsJson() throws Exception {
    TaskTopics topics = kafka.createTopics("tallytask", 1);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < 6; i++) {
        Decision decision = i < 3 ? Decision.ACCEPT : i < 4 ? Decision.SOFT : Decision.REJECT;
        String topic = decision == Decision.REJECT ? topics.rejected() : topics.accepted();
        producer
            .send(new ProducerRecord<>(topic, Serdes.scored().encode(scored(i, decision))))
            .get();
      }
      producer
          .send(new ProducerRecord<>(topics.dlq(), Serdes.deadLetter().encode(deadLetter())))
          .get();
      producer.send(new ProducerRecord<>(topics.accepted(), "not avro".getBytes())).get();
    }
    try (Monitor monitor = new Monitor(kafka.bootstrapServers(), Map.of(), Set.of());
        MonitorWebServer web = new MonitorWebServer(monitor, "127.0.0.1", 0)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  monitor.refresh().task("tallytask").map(t -> t.deadLetters() == 1).orElse(false));
      TaskView view = monitor.latest().task("tallytask").orElseThrow();

      assertThat(view.accepted()).isEqualTo(4);
      assertThat(view.soft()).isEqualTo(1);
      assertThat(view.rejected()).isEqualTo(2);
      assertThat(view.acceptanceRate()).isEqualTo(4 / 6.0);
      assertThat(view.recentReasons()).containsEntry("wer 0.42 > 0.10", 2L);
      assertThat(view.lastErrors())
          .singleElement()
          .satisfies(e -> assertThat(e.errorType()).isEqualTo("image-undecodable"));

      HttpClient http = HttpClient.newHttpClient();
      String json = get(http, web.port(), "/api/snapshot");
      assertThat(json)
          .contains("\"task\":\"tallytask\"")
          .contains("\"accepted\":4")
          .contains("image-undecodable");
      assertThat(get(http, web.port(), "/")).contains("<title>Distillery monitor</title>");
    }
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static long groupLag(Snapshot snapshot) {
    return snapshot.task("lagtask").map(t -> t.lagByGroup().getOrDefault(GROUP, -1L)).orElse(-1L);
  }

  private static void drain(TaskTopics topics, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            GROUP,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topics.raw()));
      int read = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        read += consumer.poll(Duration.ofMillis(200)).count();
      }
      consumer.commitSync();
      assertThat(read).isEqualTo(expected);
    }
  }

  private static void produceRaw(TaskTopics topics, int from, int count) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = from; i < from + count; i++) {
        RawRecord raw = raw(i);
        producer.send(
            new ProducerRecord<>(topics.raw(), raw.getId().getBytes(), Serdes.raw().encode(raw)));
      }
      producer.flush();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  private static RawRecord raw(int i) {
    return Records.image("t", "r" + i, new byte[] {(byte) i}).build();
  }

  private static ScoredRecord scored(int i, Decision decision) {
    return Records.scored(Records.labeled(raw(i), List.of()).build(), decision)
        .setScores(Map.of("wer", 0.42))
        .setReasons(decision == Decision.REJECT ? List.of("wer 0.42 > 0.10") : List.of())
        .build();
  }

  private static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setStage("labeler")
        .setTask("tallytask")
        .setRecordId("r9")
        .setErrorType("image-undecodable")
        .setReason("PNG decoder failed")
        .setTopic("tallytask.raw")
        .setPartition(0)
        .setOffset(9)
        .setFailedAt(Instant.now())
        .build();
  }
}
