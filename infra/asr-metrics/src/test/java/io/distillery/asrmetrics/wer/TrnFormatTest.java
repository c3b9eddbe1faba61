package io.distillery.asrmetrics.wer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrnFormatTest {

  @Test
  void shouldReadTextAndIdIncludingEmptyTranscripts() {
    List<TrnUtterance> utterances =
        TrnFormat.parse(List.of("the cat (spk_1)", "", "  (spk_2)", "a (b) c (spk_3)"), "t");
    assertThat(utterances)
        .containsExactly(
            new TrnUtterance("spk_1", "the cat"),
            new TrnUtterance("spk_2", ""),
            new TrnUtterance("spk_3", "a (b) c"));
  }

  @Test
  void shouldRejectLineWithoutIdNamingTheLine() {
    assertThatThrownBy(() -> TrnFormat.parse(List.of("ok (a)", "no id here"), "ref.trn"))
        .hasMessageContaining("ref.trn:2");
  }

  @Test
  void shouldRejectDuplicateIds() {
    assertThatThrownBy(() -> TrnFormat.parse(List.of("x (a)", "y (a)"), "hyp.trn"))
        .hasMessageContaining("appears twice");
  }
}
