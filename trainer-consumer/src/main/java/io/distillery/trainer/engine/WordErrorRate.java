package io.distillery.trainer.engine;

import java.util.List;

/**
 * Word error rate: word-level edit distance over the reference's word count, summed over a corpus.
 */
public final class WordErrorRate {

  private WordErrorRate() {}

  /**
   * Edits (substitutions, deletions, insertions) to turn {@code hypothesis} into {@code reference}.
   */
  public static int edits(String reference, String hypothesis) {
    String[] ref = words(reference);
    String[] hyp = words(hypothesis);
    int[] previous = new int[hyp.length + 1];
    int[] current = new int[hyp.length + 1];
    for (int j = 0; j <= hyp.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= ref.length; i++) {
      current[0] = i;
      for (int j = 1; j <= hyp.length; j++) {
        int substitution = previous[j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[hyp.length];
  }

  /** Total edits over total reference words of aligned reference and hypothesis lists. */
  public static double corpus(List<String> references, List<String> hypotheses) {
    long edits = 0;
    long words = 0;
    for (int i = 0; i < references.size(); i++) {
      edits += edits(references.get(i), hypotheses.get(i));
      words += words(references.get(i)).length;
    }
    return words == 0 ? 0 : (double) edits / words;
  }

  private static String[] words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }
}
