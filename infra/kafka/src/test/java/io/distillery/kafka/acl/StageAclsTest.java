package io.distillery.kafka.acl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class StageAclsTest {

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
                + "Write --transactional-id distillery-labeler-asr- --resource-pattern-type prefixed",
            head
                + "Describe --transactional-id distillery-labeler-asr- --resource-pattern-type"
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
        MissingPermission.explain(write, "labeler", "asr", Set.of("asr.raw"), "txn-1");

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
                Set.of("asr.raw"),
                null))
        .hasMessageStartingWith("Not authorized: READ on topic asr.raw");
    assertThat(
            MissingPermission.explain(
                new GroupAuthorizationException("denied", "distillery-labeler-asr"),
                "labeler",
                "asr",
                Set.of(),
                null))
        .hasMessageStartingWith("Not authorized: READ on group distillery-labeler-asr");
    RuntimeException unrelated = new IllegalStateException("disk full");
    assertThat(MissingPermission.explain(unrelated, "labeler", "asr", Set.of(), null))
        .isSameAs(unrelated);
  }
}
