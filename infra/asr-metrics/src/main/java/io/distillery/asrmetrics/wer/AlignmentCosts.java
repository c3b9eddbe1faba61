package io.distillery.asrmetrics.wer;

/**
 * Costs of the edit operations the word aligner minimises. A correct word always costs 0.
 *
 * <p>{@link #SCLITE} uses NIST sclite's weights (substitution 4, deletion 3, insertion 3), so a
 * substitution is preferred to a deletion plus an insertion but two substitutions are not preferred
 * to a deletion, a match and an insertion; with it the counts equal sclite's. {@link #UNIT} is the
 * plain Levenshtein distance (jiwer, HF evaluate), whose total cost equals the error count.
 *
 * @param substitution cost of replacing a reference word by a different hypothesis word
 * @param deletion cost of a reference word missing from the hypothesis
 * @param insertion cost of a hypothesis word with no reference word
 */
public record AlignmentCosts(int substitution, int deletion, int insertion) {

  /** NIST sclite's weights: substitution 4, deletion 3, insertion 3. */
  public static final AlignmentCosts SCLITE = new AlignmentCosts(4, 3, 3);

  /** Unit costs: the Levenshtein distance. */
  public static final AlignmentCosts UNIT = new AlignmentCosts(1, 1, 1);

  /** Rejects costs that are not positive. */
  public AlignmentCosts {
    if (substitution < 1 || deletion < 1 || insertion < 1) {
      throw new IllegalArgumentException("alignment costs must be >= 1");
    }
  }

  /** The total cost of a set of edits under these weights. */
  public long costOf(EditCounts counts) {
    return (long) substitution * counts.substitutions()
        + (long) deletion * counts.deletions()
        + (long) insertion * counts.insertions();
  }
}
