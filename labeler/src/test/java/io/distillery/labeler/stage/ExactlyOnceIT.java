package io.distillery.labeler.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.kafka.GroupProtocol;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ExactlyOnceIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path repository;

  @BeforeEach
  void slowModels() throws IOException {
    LabelerFixture.imageModels(repository, 500);
  }

  @Test
  void shouldLabelEachRecordOnceWhenANewInstanceFencesAKilledOne() throws Exception {
    TaskTopics topics = raw("fence", 3, 1000);
    try (InferenceServer server = LabelerFixture.server(repository, 0)) {
      LabelerStage zombie = slow(topics, "x", server.port());
      awaitLabeled(topics, 100);
      try (LabelerStage successor = slow(topics, "x", server.port())) {
        await().atMost(Duration.ofSeconds(60)).until(zombie::stopped);
        assertThat(zombie.failure()).as("the old instance is fenced").isNotNull();
        awaitLabeled(topics, 1000);
      }
      zombie.close();
    }
    assertExactlyOnce(topics, 1000);
  }

  @Test
  void shouldWaitForAStoppedServerAndLoseNothing() throws Exception {
    TaskTopics topics = raw("outage", 2, 1000);
    InferenceServer server = LabelerFixture.server(repository, 0);
    int port = server.port();
    try (LabelerStage stage = slow(topics, "o", port)) {
      awaitLabeled(topics, 100);
      server.close();
      int before = LabelerFixture.labeled(kafka.bootstrapServers(), topics).size();
      Thread.sleep(3000); // the outage itself: the labeler must keep waiting, not dead-letter
      assertThat(stage.stopped()).isFalse();
      assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
      int during = LabelerFixture.labeled(kafka.bootstrapServers(), topics).size();
      assertThat(during).as("at most what was in flight lands during the outage").isLessThan(1000);
      assertThat(during).isGreaterThanOrEqualTo(before);
      server = LabelerFixture.server(repository, port);
      awaitLabeled(topics, 1000);
    } finally {
      server.close();
    }
    assertExactlyOnce(topics, 1000);
  }

  @Test
  void shouldSplitPartitionsBetweenTwoInstancesAndStillLabelEachRecordOnce() throws Exception {
    TaskTopics topics = raw("pair", 4, 800);
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        LabelerStage p = slow(topics, "p", server.port());
        LabelerStage q = slow(topics, "q", server.port())) {
      awaitLabeled(topics, 800);
    }
    List<LabeledRecord> labeled = assertExactlyOnce(topics, 800);
    assertThat(labeled.stream().map(LabeledRecord::getLabeler).distinct())
        .containsExactlyInAnyOrder("p", "q");
  }

  @ParameterizedTest
  @EnumSource(
      value = GroupProtocol.class,
      names = {"CLASSIC", "CONSUMER"})
  void shouldLabelEachRecordOnceWhileInstancesJoinAndLeave(GroupProtocol protocol)
      throws Exception {
    TaskTopics topics = raw("churn-" + protocol.configValue(), 4, 800);
    try (InferenceServer server = LabelerFixture.server(repository, 0)) {
      LabelerStage a = slow(topics, "a", server.port(), protocol);
      awaitLabeled(topics, 100);
      LabelerStage b = slow(topics, "b", server.port(), protocol);
      awaitLabeled(topics, 250);
      a.close(); // leaves mid-stream: its partitions move to b with work in flight
      assertThat(groupType(topics)).isEqualTo(GroupType.parse(protocol.configValue()));
      LabelerStage c = slow(topics, "c", server.port(), protocol);
      awaitLabeled(topics, 450);
      b.close();
      awaitLabeled(topics, 800);
      c.close();
    }
    List<LabeledRecord> labeled = assertExactlyOnce(topics, 800);
    assertThat(labeled.stream().map(LabeledRecord::getLabeler).distinct())
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void shouldTakeTheConsumerProtocolByDefaultOnAClusterThatHasIt() throws Exception {
    TaskTopics topics = raw("auto", 2, 100);
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        LabelerStage stage = slow(topics, "auto", server.port(), GroupProtocol.AUTO)) {
      awaitLabeled(topics, 100);
      assertThat(groupType(topics))
          .as("a Kafka 4 broker has KIP-848")
          .isEqualTo(GroupType.CONSUMER);
    }
    assertExactlyOnce(topics, 100);
  }

  private static GroupType groupType(TaskTopics topics) throws Exception {
    String group = LabelerConfig.defaultGroup(topics.task());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin
          .describeConsumerGroups(List.of(group))
          .describedGroups()
          .get(group)
          .get(30, TimeUnit.SECONDS)
          .type();
    }
  }

  /** A labeler with small batches and two in flight against a 500 ms teacher: runs take seconds. */
  private static LabelerStage slow(TaskTopics topics, String instance, int port) {
    return slow(topics, instance, port, GroupProtocol.AUTO);
  }

  private static LabelerStage slow(
      TaskTopics topics, String instance, int port, GroupProtocol protocol) {
    return LabelerStage.start(
        LabelerFixture.builder(
                topics,
                TaskKind.IMAGE,
                kafka.bootstrapServers(),
                instance,
                "teacher=teacher",
                port,
                new BatchPolicy(16, Duration.ofMillis(10), 2, 8 << 20),
                LabelerFixture.INFER_DEADLINE,
                List.of())
            .groupProtocol(protocol)
            .build(),
        new SimpleMeterRegistry());
  }

  private TaskTopics raw(String task, int partitions, int n) throws Exception {
    TaskTopics topics = kafka.createTopics(task, partitions);
    LabelerFixture.sendImages(
        kafka.bootstrapServers(), topics, task, LabelerFixture.fashionPngs(0, n));
    return topics;
  }

  private static void awaitLabeled(TaskTopics topics, int n) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= n);
  }

  private static List<LabeledRecord> assertExactlyOnce(TaskTopics topics, int n) {
    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled).hasSize(n);
    assertThat(labeled.stream().map(r -> r.getRaw().getId()).distinct()).hasSize(n);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    return labeled;
  }
}
