package io.distillery.modelserver.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticBackendTest {

  private static final String SPEECH =
      """
      name: "asr"
      backend: "synthetic"
      max_batch_size: 4
      input [ { name: "AUDIO" data_type: TYPE_STRING dims: [ 1 ] } ]
      output [ { name: "TRANSCRIPT" data_type: TYPE_STRING dims: [ 1 ] } ]
      """;

  @Test
  void shouldAnswerAWordPerUtteranceEmptyTextOrRunawayTextAsConfigured() throws Exception {
    assertThat(transcripts(SPEECH)).singleElement().asString().startsWith("synthetic-");
    assertThat(transcripts(SPEECH + behaviour("empty_text"))).singleElement().asString().isEmpty();

    String runaway =
        transcripts(
                SPEECH
                    + behaviour("long_text")
                    + "parameters: { key: \"text_bytes\" value: { string_value: \"5000\" } }\n")
            .get(0);

    assertThat(runaway).hasSize(5000).startsWith("synthetic-").contains(" synthetic-");
  }

  @Test
  void shouldDefaultRunawayTextToOneMebibyte() throws Exception {
    assertThat(transcripts(SPEECH + behaviour("long_text")).get(0)).hasSize(1 << 20);
  }

  private static String behaviour(String name) {
    return "parameters: { key: \"behaviour\" value: { string_value: \"" + name + "\" } }\n";
  }

  private static List<String> transcripts(String configText) throws Exception {
    ModelConfig.Builder config = ModelConfig.newBuilder();
    TextFormat.merge(configText, config);
    ModelConfig parsed = config.build();
    SyntheticBackend backend = new SyntheticBackend(parsed, SyntheticSettings.from(parsed));
    Tensor audio =
        Tensor.ofBytes(
            "AUDIO", Shape.of(1, 1), List.of("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII)));
    Tensor transcript = backend.execute(List.of(List.of(audio))).get(0).get(0);
    return transcript.byteElements().stream()
        .map(b -> new String(b, StandardCharsets.US_ASCII))
        .toList();
  }
}
