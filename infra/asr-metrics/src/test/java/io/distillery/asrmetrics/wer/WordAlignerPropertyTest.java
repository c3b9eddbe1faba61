package io.distillery.asrmetrics.wer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class WordAlignerPropertyTest {

  @Property
  void shouldFindNoErrorsBetweenIdenticalSequences(
      @ForAll @Size(max = 30)
          List<@StringLength(min = 1, max = 3) @Chars({'a', 'b'}) String> words) {
    EditCounts counts = WordAligner.align(words, words);
    assertThat(counts.errors()).isZero();
    assertThat(counts.correct()).isEqualTo(words.size());
    assertThat(counts.wer()).isZero();
  }

  @Property
  void shouldAccountForEveryWordOfBothSides(
      @ForAll @Size(max = 25) List<@Chars({'a', 'b', 'c'}) @StringLength(1) String> ref,
      @ForAll @Size(max = 25) List<@Chars({'a', 'b', 'c'}) @StringLength(1) String> hyp) {
    EditCounts counts = WordAligner.align(ref, hyp);
    assertThat(counts.referenceWords()).isEqualTo(ref.size());
    assertThat(counts.hypothesisWords()).isEqualTo(hyp.size());
    assertThat(counts.errors())
        .isBetween(
            (long) Math.abs(ref.size() - hyp.size()), (long) Math.max(ref.size(), hyp.size()) * 2);
    assertThat(counts.wer()).isGreaterThanOrEqualTo(0.0);
    if (!ref.isEmpty() && hyp.size() <= ref.size()) {
      assertThat(counts.wer()).isLessThanOrEqualTo(1.0);
    }
  }

  @Property
  void shouldHaveSymmetricErrorCountWithUnitCosts(
      @ForAll @Size(max = 20) List<@Chars({'a', 'b'}) @StringLength(1) String> ref,
      @ForAll @Size(max = 20) List<@Chars({'a', 'b'}) @StringLength(1) String> hyp) {
    EditCounts forward = WordAligner.align(ref, hyp, AlignmentCosts.UNIT);
    EditCounts backward = WordAligner.align(hyp, ref, AlignmentCosts.UNIT).swapped();
    assertThat(backward.errors()).isEqualTo(forward.errors());
    assertThat(backward.referenceWords()).isEqualTo(forward.referenceWords());
  }

  @Property
  void shouldHaveSymmetricCostWithScliteCostsAfterRelabelling(
      @ForAll @Size(max = 20) List<@Chars({'a', 'b'}) @StringLength(1) String> ref,
      @ForAll @Size(max = 20) List<@Chars({'a', 'b'}) @StringLength(1) String> hyp) {
    EditCounts forward = WordAligner.align(ref, hyp);
    EditCounts backward = WordAligner.align(hyp, ref).swapped();
    assertThat(AlignmentCosts.SCLITE.costOf(backward))
        .isEqualTo(AlignmentCosts.SCLITE.costOf(forward));
    assertThat(backward.deletions() - backward.insertions())
        .isEqualTo(forward.deletions() - forward.insertions());
  }

  @Property
  void shouldNeverCountFewerErrorsThanTheLevenshteinDistance(
      @ForAll @Size(max = 20) List<@Chars({'a', 'b', 'c'}) @StringLength(1) String> ref,
      @ForAll @Size(max = 20) List<@Chars({'a', 'b', 'c'}) @StringLength(1) String> hyp) {
    long levenshtein = WordAligner.align(ref, hyp, AlignmentCosts.UNIT).errors();
    assertThat(WordAligner.align(ref, hyp).errors()).isGreaterThanOrEqualTo(levenshtein);
  }
}
