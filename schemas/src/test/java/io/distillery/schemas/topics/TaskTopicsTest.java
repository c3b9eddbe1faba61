package io.distillery.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskTopicsTest {

  @Test
  void shouldNameEveryTopicAfterTheTask() {
    TaskTopics topics = TaskTopics.of("asr-en", 4);

    assertThat(topics.specs())
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
    TopicSpec versions = TaskTopics.of("fmnist", 4).specs().get(5);

    assertThat(versions.partitions()).isEqualTo(1);
    assertThat(versions.configs()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void shouldSizeDataTopicsForTheInlinePayloadLimit() {
    TopicSpec raw = TaskTopics.of("fmnist", 2).specs().get(0);

    assertThat(Integer.parseInt(raw.configs().get("max.message.bytes")))
        .isGreaterThan(TaskTopics.DEFAULT_INLINE_LIMIT_BYTES);
  }

  @Test
  void shouldRefuseTaskNamesThatAreNotTopicSafe() {
    assertThatThrownBy(() -> TaskTopics.of("Bad Name", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Task name 'Bad Name' is invalid");
    assertThatThrownBy(() -> TaskTopics.of("ok", 0)).hasMessageContaining("partitions");
  }
}
