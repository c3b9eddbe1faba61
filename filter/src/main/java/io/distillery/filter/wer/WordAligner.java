package io.distillery.filter.wer;

import java.util.List;

/**
 * Aligns two word sequences by dynamic programming and counts the edits of one minimum-cost
 * alignment.
 *
 * <p>Among alignments of equal cost the traceback runs from the ends of both sequences and prefers,
 * at each step, a diagonal move (correct or substitution), then an insertion, then a deletion. With
 * {@link AlignmentCosts#SCLITE} this reproduces NIST sclite's S/D/I counts (checked against the
 * sclite binary on thousands of random utterances from small vocabularies, where ties abound).
 * Under {@link AlignmentCosts#SCLITE}, three substitutions and two deletions plus two insertions
 * cost the same (12), so the error count of a pair and of its swap can differ by tie-breaking,
 * although their cost cannot. Words are compared with {@link String#equals}; normalise first.
 */
public final class WordAligner {

  private WordAligner() {}

  /** Aligns with sclite's costs. */
  public static EditCounts align(List<String> reference, List<String> hypothesis) {
    return align(reference, hypothesis, AlignmentCosts.SCLITE);
  }

  /** Aligns {@code hypothesis} against {@code reference} under {@code costs}. */
  public static EditCounts align(
      List<String> reference, List<String> hypothesis, AlignmentCosts costs) {
    int n = reference.size();
    int m = hypothesis.size();
    if (n == 0 || m == 0) {
      return new EditCounts(0, 0, n, m);
    }
    int[][] cost = fill(reference, hypothesis, costs);
    return traceBack(reference, hypothesis, costs, cost);
  }

  private static int[][] fill(List<String> ref, List<String> hyp, AlignmentCosts costs) {
    int n = ref.size();
    int m = hyp.size();
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 1; i <= n; i++) {
      cost[i][0] = cost[i - 1][0] + costs.deletion();
    }
    for (int j = 1; j <= m; j++) {
      cost[0][j] = cost[0][j - 1] + costs.insertion();
    }
    for (int i = 1; i <= n; i++) {
      String r = ref.get(i - 1);
      int[] previous = cost[i - 1];
      int[] current = cost[i];
      for (int j = 1; j <= m; j++) {
        int diagonal = previous[j - 1] + (r.equals(hyp.get(j - 1)) ? 0 : costs.substitution());
        int deletion = previous[j] + costs.deletion();
        int insertion = current[j - 1] + costs.insertion();
        current[j] = Math.min(diagonal, Math.min(deletion, insertion));
      }
    }
    return cost;
  }

  private static EditCounts traceBack(
      List<String> ref, List<String> hyp, AlignmentCosts costs, int[][] cost) {
    int i = ref.size();
    int j = hyp.size();
    long correct = 0;
    long substitutions = 0;
    long deletions = 0;
    long insertions = 0;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0) {
        boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
        if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : costs.substitution())) {
          if (same) {
            correct++;
          } else {
            substitutions++;
          }
          i--;
          j--;
          continue;
        }
      }
      if (j > 0 && cost[i][j] == cost[i][j - 1] + costs.insertion()) {
        insertions++;
        j--;
      } else {
        deletions++;
        i--;
      }
    }
    return new EditCounts(correct, substitutions, deletions, insertions);
  }
}
