package io.distillery.kafka.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class StageAclsTest {

  private static final MissingPermission.StageTopics LABELER_TOPICS =
      new MissingPermission.StageTopics(Set.of("asr.raw"), Set.of("asr.labeled", "asr.dlq"));

  @Test
  void shouldPrintTheLabelersAclsAsKafkaAclsCommandLines() {
    List<String> lines =
        StageAcls.of(StageAcls.Stage.LABELER, "User:labeler", "asr").stream()
            .map(a -> StageAcls.commandLine(a, "kafka:9093", "admin.properties"))
            .toList();

    String head =
        "kafka-acls.sh --bootstrap-server kafka:9093 --command-config admin.properties --add"
            + " --allow-principal User:labeler --operation ";
    assertThat(lines)
        .containsExactly(
            head + "Read --topic asr.raw",
            head + "Read --group distillery-labeler-asr",
            head + "Write --topic asr.labeled",
            head + "Write --topic asr.dlq",
            head
                + "Write --transactional-id distillery-labeler-asr- --resource-pattern-type"
                + " prefixed");
  }

  @Test
  void shouldGiveNoStageMoreThanItsTaskAndNeverTheCluster() {
    for (StageAcls.Stage stage : StageAcls.Stage.values()) {
      assertThat(StageAcls.of(stage, "User:x", "fmnist"))
          .as(stage.name())
          .isNotEmpty()
          .allSatisfy(
              acl -> {
                String name = acl.pattern().name();
                assertThat(name.startsWith("fmnist.") || name.startsWith("distillery-"))
                    .as(StageAcls.describe(acl))
                    .isTrue();
                assertThat(name).contains("fmnist");
              });
    }
    assertThatThrownBy(() -> StageAcls.Stage.parse("writer"))
        .hasMessageContaining("producer, labeler, filter, trainer or monitor");
  }

  @Test
  void shouldNameTheMissingOperationAndResource() {
    RuntimeException write =
        new KafkaException("Cannot commit", new TopicAuthorizationException(Set.of("asr.labeled")));

    RuntimeException explained =
        MissingPermission.explain(write, "labeler", "asr", LABELER_TOPICS, "txn-1");

    assertThat(explained)
        .isInstanceOf(MissingPermission.class)
        .hasMessageStartingWith(
            "Not authorized: WRITE on topic asr.labeled is missing for this labeler's principal")
        .hasMessageContaining("distillery acls --stage labeler");
    assertThat(
            MissingPermission.explain(
                new TopicAuthorizationException(Set.of("asr.raw")),
                "labeler",
                "asr",
                LABELER_TOPICS,
                null))
        .hasMessageStartingWith("Not authorized: READ on topic asr.raw");
    assertThat(
            MissingPermission.explain(
                new GroupAuthorizationException("denied", "distillery-labeler-asr"),
                "labeler",
                "asr",
                LABELER_TOPICS,
                null))
        .hasMessageStartingWith("Not authorized: READ on group distillery-labeler-asr");
    assertThat(
            MissingPermission.explain(
                new ClusterAuthorizationException("Cluster authorization failed."),
                "producer",
                "asr",
                new MissingPermission.StageTopics(Set.of(), Set.of("asr.raw")),
                null))
        .hasMessageStartingWith("Not authorized: WRITE on topic asr.raw (Kafka refuses");
    assertThat(MissingPermission.toSee("asr", List.of("asr.rejected", "asr.accepted"), null))
        .hasMessageStartingWith(
            "Not authorized: DESCRIBE on topic asr.accepted, asr.rejected is missing");
    RuntimeException unrelated = new IllegalStateException("disk full");
    assertThat(MissingPermission.explain(unrelated, "labeler", "asr", LABELER_TOPICS, null))
        .isSameAs(unrelated);
  }
}
