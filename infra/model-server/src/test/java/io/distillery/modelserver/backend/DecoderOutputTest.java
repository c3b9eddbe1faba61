package io.distillery.modelserver.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderOutputTest {

  @Test
  void shouldReadTranscriptsIncludingEmptyOnes() {
    assertThat(
            DecoderOutput.transcripts(List.of("the fox jumped (u00000 -13960)", " (u00001 -100)")))
        .containsEntry("u00000", "the fox jumped")
        .containsEntry("u00001", "");
  }

  @Test
  void shouldDropFillersAndAlternatePronunciationMarksAndKeepEachWordsTimes() {
    List<String> ctm =
        List.of(
            "u00000 1 0.00 0.03 <s> 1.000",
            "u00000 1 0.03 0.08 the(2) 0.260",
            "u00000 1 0.12 0.30 <sil> 0.900",
            "u00000 1 0.45 0.28 fox 0.387");

    assertThat(DecoderOutput.words(ctm).get("u00000"))
        .containsExactly(
            new DecoderOutput.Word("the", 0.26f, 0.03f, 0.11f),
            new DecoderOutput.Word("fox", 0.387f, 0.45f, 0.73f));
  }
}
