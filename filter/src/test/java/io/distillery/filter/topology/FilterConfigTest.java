package io.distillery.filter.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class FilterConfigTest {

  private final TaskTopics topics = TaskTopics.of("fmnist");

  @Test
  void shouldAlwaysRunExactlyOnceEvenIfAnOverrideSaysOtherwise() {
    FilterConfig config =
        new FilterConfig(
            topics,
            PolicyLoader.builtIn("fmnist"),
            "b:9092",
            "app",
            Path.of("state"),
            2,
            Map.of("processing.guarantee", "at_least_once", "security.protocol", "SSL"));
    var p = config.streamsProperties();
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(p.get("security.protocol")).isEqualTo("SSL");
    assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
  }

  @Test
  void shouldKeepTheTasksApplicationIdAndClientSettingsWhenGivenMoreStreamThreads() {
    FilterConfig config =
        FilterConfig.of(
                topics,
                PolicyLoader.builtIn("fmnist"),
                "b:9092",
                Path.of("state"),
                Map.of("security.protocol", "SSL"))
            .withStreamThreads(3);
    var p = config.streamsProperties();
    assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("distillery-filter-fmnist");
    assertThat(p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(3);
    assertThat(p.get("security.protocol")).isEqualTo("SSL");
    assertThatThrownBy(() -> config.withStreamThreads(0))
        .hasMessageContaining("stream threads must be >= 1");
  }

  @Test
  void shouldWaitForInputAFifthOfTheCommitIntervalSoThatADueCommitIsNotHeldBack() {
    var policy = PolicyLoader.builtIn("fmnist");
    assertThat(config(policy, Map.of()).streamsProperties().get(StreamsConfig.POLL_MS_CONFIG))
        .isEqualTo(20L);
    assertThat(
            config(policy, Map.of("commit.interval.ms", "50"))
                .streamsProperties()
                .get(StreamsConfig.POLL_MS_CONFIG))
        .isEqualTo(10L);
    assertThat(
            config(policy, Map.of("commit.interval.ms", 30_000))
                .streamsProperties()
                .get(StreamsConfig.POLL_MS_CONFIG))
        .isEqualTo(100L);
    assertThat(config(policy, Map.of("poll.ms", "250")).streamsProperties().get("poll.ms"))
        .isEqualTo("250");
    assertThatThrownBy(
            () -> config(policy, Map.of("commit.interval.ms", "soon")).streamsProperties())
        .hasMessageContaining("commit.interval.ms must be a whole number");
  }

  private FilterConfig config(
      io.distillery.filter.policy.FilterPolicy policy, Map<String, Object> overrides) {
    return new FilterConfig(topics, policy, "b:9092", "app", Path.of("state"), 1, overrides);
  }

  @Test
  void shouldRefuseBadSettingsSayingWhatToFix() {
    var policy = PolicyLoader.builtIn("fmnist");
    assertThatThrownBy(
            () -> new FilterConfig(topics, policy, " ", "app", Path.of("s"), 1, Map.of()))
        .hasMessageContaining("bootstrap servers");
    assertThatThrownBy(
            () -> new FilterConfig(topics, policy, "b:1", "bad id!", Path.of("s"), 1, Map.of()))
        .hasMessageContaining("application id");
    assertThatThrownBy(
            () -> new FilterConfig(topics, policy, "b:1", "a", Path.of("s"), 0, Map.of()))
        .hasMessageContaining("stream threads");
  }
}
