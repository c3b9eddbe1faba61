package io.distillery.lab.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.kserve.client.SignatureReader;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.binding.Binding;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.publish.StudentSignature;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract between the trainer and the labeler: the config the trainer publishes with each
 * student version binds in the labeler with nothing given by hand, so {@code --models
 * teacher=...,student=NAME} is all KD3 needs.
 */
class PublishedStudentBindingTest {

  @Test
  void shouldBindThePublishedImageStudentsScores() {
    Binding b = bind(TaskKind.IMAGE, "fmnist-student");
    assertThat(b.describe().get("inputs")).isEqualTo(Map.of("INPUT__0", "pixels"));
    assertThat(b.describe().get("outputs")).isEqualTo(Map.of("OUTPUT__0", "scores"));
  }

  @Test
  void shouldBindThePublishedSpeechStudentsTokenIdsWithItsVocabulary() {
    Binding b = bind(TaskKind.SPEECH, "asr-en-student");
    assertThat(b.describe().get("inputs"))
        .isEqualTo(Map.of("INPUT__0", "samples", "INPUT__1", "sample-count"));
    assertThat(b.describe().get("outputs"))
        .isEqualTo(Map.of("OUTPUT__0", "token-ids:" + CharacterVocabulary.TOKENS.substring(1)));
  }

  private static Binding bind(TaskKind kind, String name) {
    return Binder.bind(
        SignatureReader.fromConfig(StudentSignature.of(kind, name).modelConfig()), kind, List.of());
  }
}
