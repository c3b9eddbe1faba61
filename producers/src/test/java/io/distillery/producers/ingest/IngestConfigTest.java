package io.distillery.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.topics.TaskTopics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

  private final IngestConfig defaults = IngestConfig.defaults("fmnist", "127.0.0.1:9092");

  @Test
  void shouldProduceIdempotentlyWithRequestSizeHoldingTheInlineLimitPlusEnvelope() {
    Map<String, Object> settings = defaults.withInlineLimit(100_000).producerSettings();

    assertThat(settings)
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry(
            "max.request.size", Integer.toString(TaskTopics.maxMessageBytesFor(100_000)));
    assertThat(defaults.withInlineLimit(100_000).topics().maxMessageBytes())
        .isEqualTo(TaskTopics.maxMessageBytesFor(100_000));
  }

  @Test
  void shouldPassThroughKafkaSettingsButRefuseWeakeningDelivery() {
    assertThat(defaults.withKafkaOverrides(Map.of("security.protocol", "SSL")).producerSettings())
        .containsEntry("security.protocol", "SSL");
    assertThatThrownBy(() -> defaults.withKafkaOverrides(Map.of("acks", "1")))
        .hasMessageContaining("acks=all");
    assertThatThrownBy(() -> defaults.withKafkaOverrides(Map.of("enable.idempotence", "false")))
        .hasMessageContaining("enable.idempotence=true");
  }

  @Test
  void shouldRejectInvalidTaskLimitAndRate() {
    assertThatThrownBy(() -> IngestConfig.defaults("Bad Task", "b:1"))
        .hasMessageContaining("Task name");
    assertThatThrownBy(() -> defaults.withInlineLimit(0)).hasMessageContaining("inline limit");
    assertThatThrownBy(() -> defaults.withRate(-2)).hasMessageContaining("rate");
    assertThatThrownBy(() -> IngestConfig.defaults("t", " ")).hasMessageContaining("bootstrap");
  }

  @Test
  void recordIdsShouldDependOnIdentityReferenceAndContentOnly() {
    byte[] content = {1, 2, 3};
    String id = RecordIds.of("a.wav", "hello", content);

    assertThat(RecordIds.of("a.wav", "hello", new byte[] {1, 2, 3})).isEqualTo(id).hasSize(32);
    assertThat(RecordIds.of("b.wav", "hello", content)).isNotEqualTo(id);
    assertThat(RecordIds.of("a.wav", "hullo", content)).isNotEqualTo(id);
    assertThat(RecordIds.of("a.wav", "hello", new byte[] {1, 2, 4})).isNotEqualTo(id);
  }
}
