package io.distillery.asrmetrics.wer;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.asrmetrics.text.ScliteNormalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WordAlignerTest {

  private final WerScorer scorer = new WerScorer(new ScliteNormalizer());

  /** Expected counts as printed by sclite's pra report for the same pairs. */
  @ParameterizedTest(name = "[{0}] vs [{1}]")
  @CsvSource({
    "the cat sat on the mat, the cat sat on mat, 5, 0, 1, 0",
    "a b c, b c d, 2, 0, 1, 1",
    "a b, x, 0, 1, 1, 0",
    "a b c d, '', 0, 0, 4, 0",
    "hello world, HELLO World extra, 2, 0, 0, 1",
    "'', foo, 0, 0, 0, 1",
    "x y, y x, 1, 0, 1, 1",
    "a b c, x y, 0, 2, 1, 0",
    "a, x y z, 0, 1, 0, 2",
    "a b c d e, e d c b a, 1, 4, 0, 0",
  })
  void shouldCountEditsAsScliteDoes(String ref, String hyp, long c, long s, long d, long i) {
    assertThat(scorer.score(ref, hyp)).isEqualTo(new EditCounts(c, s, d, i));
  }

  @Test
  void shouldPreferSubstitutionOverDeletionPlusInsertionForOneWord() {
    assertThat(scorer.score("a b c", "a x c")).isEqualTo(new EditCounts(2, 1, 0, 0));
  }

  @Test
  void shouldExceedOneHundredPercentWithManyInsertions() {
    EditCounts counts = scorer.score("yes", "yes yes yes yes");
    assertThat(counts.wer()).isEqualTo(3.0);
  }

  @Test
  void shouldDefineEmptyReferenceRateAsInsertions() {
    assertThat(scorer.score("", "").wer()).isZero();
    assertThat(scorer.score("", "two words").wer()).isEqualTo(2.0);
  }

  @Test
  void shouldSumCorpusCountsRatherThanAverageRates() {
    EditCounts total =
        scorer.score("a", "b").plus(scorer.score("a b c d e f g h i", "a b c d e f g h i"));
    assertThat(total.wer()).isEqualTo(0.1);
  }
}
