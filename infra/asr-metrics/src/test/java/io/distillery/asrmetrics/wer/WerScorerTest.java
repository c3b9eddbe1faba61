package io.distillery.asrmetrics.wer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.asrmetrics.text.ScliteNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WerScorerTest {

  private final WerScorer scorer = new WerScorer(new ScliteNormalizer());

  @Test
  void shouldSumEditsAndReferenceWordsOverTheCorpusRatherThanAverageRates() {
    EditCounts total =
        scorer.corpus(List.of("a b c d", "e f", "g"), List.of("a x c d", "e f g", ""));

    assertThat(total).isEqualTo(new EditCounts(5, 1, 1, 1));
    assertThat(total.wer()).isEqualTo(3.0 / 7);
  }

  @Test
  void shouldRefuseListsOfDifferentLengths() {
    assertThatThrownBy(() -> scorer.corpus(List.of("a"), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
