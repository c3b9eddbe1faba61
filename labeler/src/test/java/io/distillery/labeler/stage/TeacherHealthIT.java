package io.distillery.labeler.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TritonEndpoint;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labeler routes by the readiness of the models it needs, not of the whole server: a real
 * Triton in strict-readiness mode reports not-ready while any model failed to load, and a teacher
 * may still be loading when the labeler starts.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TeacherHealthIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path repository;

  @Test
  void shouldKeepAServerWhoseUnrelatedModelFailedToLoadInRotation() throws Exception {
    LabelerFixture.synthetic(repository, "teacher", 0, "deterministic");
    brokenModel();
    TaskTopics topics = kafka.createTopics("health-unrelated", 1);
    int n = 300;
    LabelerFixture.sendImages(
        kafka.bootstrapServers(), topics, "u", LabelerFixture.fashionPngs(0, n));
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        TritonEndpoint probe =
            TritonEndpoint.connect(
                new ServerAddress("127.0.0.1", server.port()), Optional.empty())) {
      assertThat(probe.serverReady(Duration.ofSeconds(5)).join())
          .as("strict readiness: not ready while 'broken' failed to load")
          .isFalse();
      try (LabelerStage stage =
          LabelerFixture.startImageLabeler(
              topics, kafka.bootstrapServers(), "u", "teacher=teacher", server.port())) {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= n);
      }
    }
    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled).hasSize(n);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
  }

  @Test
  void shouldWaitForATeacherThatLoadsTwentySecondsAfterTheLabelerStarts() throws Exception {
    LabelerFixture.synthetic(repository, "teacher", 0, "deterministic");
    TaskTopics topics = kafka.createTopics("health-late", 1);
    int n = 100;
    LabelerFixture.sendImages(
        kafka.bootstrapServers(), topics, "l", LabelerFixture.fashionPngs(0, n));
    ServerConfig nothingLoaded =
        new ServerConfig(
            repository, "127.0.0.1", 0, ServerConfig.DEFAULT_MAX_MESSAGE_BYTES, List.of());
    try (InferenceServer server = InferenceServer.start(nothingLoaded)) {
      LabelerConfig config = config(topics, server.port(), Duration.ofSeconds(120));
      CompletableFuture<LabelerStage> starting =
          CompletableFuture.supplyAsync(
              () -> LabelerStage.start(config, new SimpleMeterRegistry()));
      try {
        Thread.sleep(20_000);
        assertThat(starting).as("waiting for the teacher to load").isNotDone();
        server.models().load("teacher");
        LabelerStage stage = starting.get(60, TimeUnit.SECONDS);
        try (stage) {
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofSeconds(1))
              .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= n);
        }
      } finally {
        starting.thenAccept(LabelerStage::close);
      }
    }
    assertThat(LabelerFixture.labeled(kafka.bootstrapServers(), topics)).hasSize(n);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
  }

  @Test
  void shouldFailWithTheReasonWhenTheTeacherNeverLoads() throws Exception {
    TaskTopics topics = kafka.createTopics("health-never", 1);
    try (InferenceServer server = LabelerFixture.server(repository, 0)) {
      LabelerConfig config = config(topics, server.port(), Duration.ofSeconds(2));

      assertThatThrownBy(() -> LabelerStage.start(config, new SimpleMeterRegistry()))
          .hasMessageContaining("[teacher] not ready on any of")
          .hasMessageContaining("--model-control-mode=explicit");
    }
  }

  private LabelerConfig config(TaskTopics topics, int port, Duration modelWait) {
    return LabelerFixture.builder(
            topics,
            TaskKind.IMAGE,
            kafka.bootstrapServers(),
            "h",
            "teacher=teacher",
            port,
            new BatchPolicy(64, Duration.ofMillis(10), 4, 32 << 20),
            Duration.ofSeconds(30),
            List.of())
        .modelWait(modelWait)
        .build();
  }

  /** A model whose backend the server does not have: it fails to load at start. */
  private void brokenModel() throws Exception {
    Path dir = Files.createDirectories(repository.resolve("broken/1")).getParent();
    Files.writeString(
        dir.resolve("config.pbtxt"),
        """
        name: "broken"
        backend: "tensorflow"
        max_batch_size: 1
        input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ]
        output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ]
        """);
  }
}
