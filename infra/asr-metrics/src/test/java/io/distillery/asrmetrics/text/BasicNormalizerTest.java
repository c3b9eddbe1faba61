package io.distillery.asrmetrics.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BasicNormalizerTest {

  private final BasicNormalizer normalizer = new BasicNormalizer();

  @Test
  void shouldKeepCombiningMarksSoIndicWordsStayWhole() {
    assertThat(normalizer.words("नमस्ते दुनिया!")).containsExactly("नमस्ते", "दुनिया");
  }

  @Test
  void shouldKeepThaiArabicAndHebrewMarks() {
    assertThat(normalizer.words("ภาษาไทย")).containsExactly("ภาษาไทย");
    assertThat(normalizer.words("كَتَبَ، الوَلَدُ")).containsExactly("كَتَبَ", "الوَلَدُ");
    assertThat(normalizer.words("שָׁלוֹם.")).containsExactly("שָׁלוֹם");
  }

  @Test
  void shouldLowerCaseDropBracketsAndPunctuation() {
    assertThat(normalizer.normalize("Bonjour, le [bruit] Monde!")).isEqualTo("bonjour le monde");
  }

  @Test
  void shouldLeaveScliteNormaliserPunctuationAlone() {
    assertThat(new ScliteNormalizer().words("Hello, World")).containsExactly("hello,", "world");
  }
}
