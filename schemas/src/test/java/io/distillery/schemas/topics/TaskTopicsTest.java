package io.distillery.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTopicsTest {

  @Test
  void shouldNameEveryTopicAfterTheTask() {
    TaskTopics topics = TaskTopics.of("asr-en");

    assertThat(topics.specs(TopicLayout.partitions(3)))
        .extracting(TopicSpec::name)
        .containsExactly(
            "asr-en.raw",
            "asr-en.labeled",
            "asr-en.accepted",
            "asr-en.rejected",
            "asr-en.dlq",
            "asr-en.student-versions");
  }

  @Test
  void shouldCompactStudentVersionsInOnePartition() {
    List<TopicSpec> specs = TaskTopics.of("fmnist").specs(TopicLayout.partitions(4));
    TopicSpec versions = specs.get(5);

    assertThat(specs.get(0).partitions()).isEqualTo(4);
    assertThat(versions.partitions()).isEqualTo(1);
    assertThat(versions.configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void shouldSizeDataTopicsForTheInlinePayloadLimit() {
    TopicSpec raw = TaskTopics.of("fmnist").specs(TopicLayout.partitions(1)).get(0);

    assertThat(Integer.parseInt(raw.configs().get("max.message.bytes")))
        .isGreaterThan(TaskTopics.DEFAULT_INLINE_LIMIT_BYTES);
  }

  @Test
  void shouldFindTheTasksOfACluster() {
    assertThat(
            TaskTopics.tasksAmong(
                List.of(
                    "asr-en.raw",
                    "asr-en.labeled",
                    "fmnist.raw",
                    "fmnist.accepted",
                    "__consumer_offsets",
                    "Camel.raw",
                    ".raw",
                    "orders.raw.backup",
                    "distillery-filter-asr-en-store-changelog")))
        .containsExactly("asr-en", "fmnist");
  }

  @Test
  void shouldRefuseTaskNamesThatAreNotTopicSafe() {
    assertThatThrownBy(() -> TaskTopics.of("Bad Name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Task name 'Bad Name' is invalid");
  }

  @Test
  void shouldAskForTheLayoutsReplicasInSync() {
    TopicSpec raw = TaskTopics.of("fmnist").specs(new TopicLayout(2, (short) 3, (short) 2)).get(0);

    assertThat(raw.replicationFactor()).isEqualTo((short) 3);
    assertThat(raw.configs()).containsEntry("min.insync.replicas", "2");
  }
}
