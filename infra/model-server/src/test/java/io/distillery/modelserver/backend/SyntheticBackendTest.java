package io.distillery.modelserver.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.testkit.models.SyntheticModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void shouldHearOneTimedWordPerSlotOfEachRowsAudioWhenWordSecondsIsSet(@TempDir Path repository)
      throws Exception {
    Path folder = SyntheticModels.timedSpeechRecognizer(repository, "asr-timed", 4, 2);
    ModelConfig.Builder config = ModelConfig.newBuilder();
    TextFormat.merge(Files.readString(folder.resolve("config.pbtxt")), config);
    ModelConfig parsed = config.build();
    SyntheticBackend backend = new SyntheticBackend(parsed, SyntheticSettings.from(parsed));
    // 5 s and 1 s of audio: three words and one
    Tensor audio =
        Tensor.ofBytes(
            "AUDIO",
            Shape.of(2, 1),
            List.of(AudioClips.wav(new byte[160_000]), AudioClips.wav(new byte[32_000])));

    List<Tensor> out = backend.execute(List.of(List.of(audio))).get(0);

    List<String> words = strings(out.get(1));
    assertThat(out.get(1).shape()).isEqualTo(Shape.of(2, 3));
    assertThat(words.subList(3, 6))
        .satisfiesExactly(
            w -> assertThat(w).isNotEmpty(),
            w -> assertThat(w).isEmpty(),
            w -> assertThat(w).isEmpty());
    assertThat(strings(out.get(0)).get(0)).isEqualTo(String.join(" ", words.subList(0, 3)));
    assertThat(out.get(2).floats()).containsExactly(0.9f, 0.9f, 0.9f, 0.9f, 0f, 0f);
    assertThat(out.get(3).shape()).isEqualTo(Shape.of(2, 3, 2));
    // each word ends at 80% of its slot, and no later than its audio
    assertThat(out.get(3).floats())
        .containsExactly(0f, 1.6f, 2f, 3.6f, 4f, 5f, 0f, 1f, 0f, 0f, 0f, 0f);
  }

  private static List<String> strings(Tensor t) {
    return t.byteElements().stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
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
