package io.distillery.filter.topology;

import static io.distillery.filter.fixture.Records.image;
import static io.distillery.filter.fixture.Records.labeled;
import static io.distillery.filter.fixture.Records.peaked;
import static io.distillery.filter.fixture.Records.probabilities;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.kafka.CommittedReader;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, every labeled record ends in exactly one of accepted, rejected or dlq, also
 * when the filter is stopped and restarted while records keep arriving.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FilterIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  private static final int FIRST_BATCH = 300;
  private static final int TOTAL = 900;

  @TempDir Path stateDir;

  private final TaskTopics topics = TaskTopics.of("filter-it");
  private final TopicLayout layout = TopicLayout.partitions(3);

  @Test
  void shouldRouteEveryRecordExactlyOnceAcrossARestart() throws Exception {
    TopicProvisioner.ensure(kafka.bootstrapServers(), topics, layout);
    FilterConfig config =
        FilterConfig.of(topics, PolicyLoader.builtIn("fmnist"), kafka.bootstrapServers(), stateDir);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      send(producer, 0, FIRST_BATCH);
      FilterApp first = FilterApp.start(config, new SimpleMeterRegistry());
      await().atMost(Duration.ofSeconds(60)).until(() -> committedOutputs().size() >= 100);
      CompletableFuture<Void> rest =
          CompletableFuture.runAsync(() -> sendPaced(producer, FIRST_BATCH, TOTAL));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> committedOutputs().size() >= FIRST_BATCH + 50);
      assertThat(rest).as("the restart must happen while records still arrive").isNotDone();
      first.close();
      rest.get(60, TimeUnit.SECONDS);
    }
    try (FilterApp second = FilterApp.start(config, new SimpleMeterRegistry())) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> filterCaughtUp(config.applicationId()));
    }
    List<String> ids = committedOutputs();
    assertThat(ids).hasSize(TOTAL);
    Set<String> expected = new TreeSet<>();
    for (int i = 0; i < TOTAL; i++) {
      expected.add(id(i));
    }
    assertThat(new TreeSet<>(ids)).isEqualTo(expected);
  }

  private static String id(int i) {
    return String.format("rec-%04d", i);
  }

  private void send(KafkaProducer<String, byte[]> producer, int from, int to) {
    for (int i = from; i < to; i++) {
      producer.send(new ProducerRecord<>(topics.labeled(), id(i), value(i)));
    }
    producer.flush();
  }

  /** Sends 10 records every 100 ms so the restart happens while records are arriving. */
  private void sendPaced(KafkaProducer<String, byte[]> producer, int from, int to) {
    for (int i = from; i < to; i += 10) {
      send(producer, i, Math.min(to, i + 10));
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Every 25th record is undecodable; the others vary in confidence and agreement. */
  private static byte[] value(int i) {
    if (i % 25 == 0) {
      return ("garbage " + i).getBytes(StandardCharsets.UTF_8);
    }
    int predicted = i % 10;
    float p = new float[] {0.95f, 0.6f, 0.3f}[i % 3];
    String reference = i % 7 == 0 ? Integer.toString((predicted + 1) % 10) : null;
    return Serdes.labeled()
        .encode(
            labeled(
                image(id(i), reference), probabilities(ModelRole.TEACHER, peaked(predicted, p))));
  }

  private KafkaProducer<String, byte[]> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private boolean filterCaughtUp(String groupId) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      var committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < layout.partitions(); p++) {
        latest.put(new TopicPartition(topics.labeled(), p), OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get();
      return ends.entrySet().stream()
          .allMatch(
              e ->
                  committed.get(e.getKey()) != null
                      && committed.get(e.getKey()).offset() >= e.getValue().offset());
    }
  }

  /** Record ids on accepted, rejected and dlq, read committed, up to the current end. */
  private List<String> committedOutputs() {
    return CommittedReader.readAll(
            kafka.bootstrapServers(),
            Map.of(),
            List.of(topics.accepted(), topics.rejected(), topics.dlq()))
        .stream()
        .map(
            record ->
                record.topic().equals(topics.dlq())
                    ? Serdes.deadLetter().decode(record.value()).getRecordId()
                    : Serdes.scored().decode(record.value()).getLabeled().getRaw().getId())
        .toList();
  }
}
