package io.distillery.trainer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {

  @Test
  void shouldCountSubstitutionsDeletionsAndInsertions() {
    assertThat(WordErrorRate.edits("the cat sat", "the cat sat")).isZero();
    assertThat(WordErrorRate.edits("the cat sat", "the bat sat")).isEqualTo(1);
    assertThat(WordErrorRate.edits("the cat sat", "the sat")).isEqualTo(1);
    assertThat(WordErrorRate.edits("the cat sat", "the cat sat down")).isEqualTo(1);
    assertThat(WordErrorRate.edits("a b", "")).isEqualTo(2);
  }

  @Test
  void shouldDivideTotalEditsByTotalReferenceWords() {
    double wer = WordErrorRate.corpus(List.of("a b c d", "e f"), List.of("a x c d", "e f g"));

    assertThat(wer).isEqualTo(2.0 / 6);
  }
}
