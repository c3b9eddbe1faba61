package io.distillery.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CharacterVocabularyTest {

  @Test
  void shouldNormaliseToTheStudentsCharacters() {
    assertThat(CharacterVocabulary.normalize("  Hello,   World! It's well-known. "))
        .isEqualTo("hello world it's well known");
  }

  @Test
  void shouldRoundTripThroughTokenIds() {
    int[] ids = CharacterVocabulary.encode("it's a cat");
    long[] padded = new long[ids.length + 2];
    for (int i = 0; i < ids.length; i++) {
      padded[i] = ids[i];
    }
    padded[ids.length] = -1;
    padded[ids.length + 1] = -1;

    assertThat(CharacterVocabulary.decode(padded)).isEqualTo("it's a cat");
    assertThat(ids).doesNotContain(0);
  }
}
