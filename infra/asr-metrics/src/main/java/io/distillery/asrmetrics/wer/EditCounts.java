package io.distillery.asrmetrics.wer;

/**
 * The outcome of aligning a hypothesis against a reference, or a sum of such outcomes over a
 * corpus: correct words, substitutions, deletions and insertions.
 *
 * <p>Corpus WER is {@code (S + D + I) / (C + S + D)} over the summed counts (sclite, jiwer, HF
 * evaluate), not a mean of per-utterance rates. WER can exceed 1 when there are many insertions.
 * <b>Empty reference:</b> the rate is defined as {@code 0} when the hypothesis is empty too, and
 * otherwise as the number of insertions (the errors divided by one), as jiwer 4 does: an empty
 * reference with a two-word hypothesis has WER 2.0. Callers that cannot trust a rate without a
 * reference (the supervised filter) check {@link #referenceWords()} themselves.
 *
 * @param correct hypothesis words equal to their aligned reference word
 * @param substitutions reference words aligned to a different hypothesis word
 * @param deletions reference words with no hypothesis word
 * @param insertions hypothesis words with no reference word
 */
public record EditCounts(long correct, long substitutions, long deletions, long insertions) {

  /** No words at all: the neutral element of {@link #plus}. */
  public static final EditCounts ZERO = new EditCounts(0, 0, 0, 0);

  /** Rejects negative counts. */
  public EditCounts {
    if (correct < 0 || substitutions < 0 || deletions < 0 || insertions < 0) {
      throw new IllegalArgumentException("edit counts must be >= 0");
    }
  }

  /** Words in the reference: {@code C + S + D}. */
  public long referenceWords() {
    return correct + substitutions + deletions;
  }

  /** Words in the hypothesis: {@code C + S + I}. */
  public long hypothesisWords() {
    return correct + substitutions + insertions;
  }

  /** Word errors: {@code S + D + I}. */
  public long errors() {
    return substitutions + deletions + insertions;
  }

  /**
   * The word error rate as a fraction (0.1 = 10%): errors over reference words; with an empty
   * reference, 0 if the hypothesis is empty, else the number of insertions.
   */
  public double wer() {
    return (double) errors() / Math.max(1, referenceWords());
  }

  /** The counts of both, for corpus totals. */
  public EditCounts plus(EditCounts other) {
    return new EditCounts(
        correct + other.correct,
        substitutions + other.substitutions,
        deletions + other.deletions,
        insertions + other.insertions);
  }

  /** The same alignment seen from the other side: deletions and insertions swap. */
  public EditCounts swapped() {
    return new EditCounts(correct, substitutions, insertions, deletions);
  }
}
