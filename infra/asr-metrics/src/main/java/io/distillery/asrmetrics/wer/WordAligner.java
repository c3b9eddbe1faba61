package io.distillery.asrmetrics.wer;

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
    String[] ref = reference.toArray(new String[0]);
    String[] hyp = hypothesis.toArray(new String[0]);
    int[] refHash = hashes(ref);
    int[] hypHash = hashes(hyp);
    int[] cost = fill(ref, hyp, refHash, hypHash, costs);
    return traceBack(ref, hyp, refHash, hypHash, costs, cost);
  }

  private static int[] hashes(String[] words) {
    int[] hashes = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      hashes[i] = words[i].hashCode();
    }
    return hashes;
  }

  private static boolean same(String[] ref, String[] hyp, int[] rh, int[] hh, int i, int j) {
    return rh[i] == hh[j] && ref[i].equals(hyp[j]);
  }

  /** The cost matrix, row-major with rows of {@code m + 1}: cell (i, j) at i * (m + 1) + j. */
  private static int[] fill(String[] ref, String[] hyp, int[] rh, int[] hh, AlignmentCosts costs) {
    int n = ref.length;
    int w = hyp.length + 1;
    int[] cost = new int[(n + 1) * w];
    for (int j = 1; j < w; j++) {
      cost[j] = cost[j - 1] + costs.insertion();
    }
    for (int i = 1; i <= n; i++) {
      int row = i * w;
      int up = row - w;
      cost[row] = cost[up] + costs.deletion();
      for (int j = 1; j < w; j++) {
        int diagonal =
            cost[up + j - 1] + (same(ref, hyp, rh, hh, i - 1, j - 1) ? 0 : costs.substitution());
        int deletion = cost[up + j] + costs.deletion();
        int insertion = cost[row + j - 1] + costs.insertion();
        cost[row + j] = Math.min(diagonal, Math.min(deletion, insertion));
      }
    }
    return cost;
  }

  private static EditCounts traceBack(
      String[] ref, String[] hyp, int[] rh, int[] hh, AlignmentCosts costs, int[] cost) {
    int w = hyp.length + 1;
    int i = ref.length;
    int j = hyp.length;
    long correct = 0;
    long substitutions = 0;
    long deletions = 0;
    long insertions = 0;
    while (i > 0 || j > 0) {
      int here = cost[i * w + j];
      if (i > 0 && j > 0) {
        boolean same = same(ref, hyp, rh, hh, i - 1, j - 1);
        if (here == cost[(i - 1) * w + j - 1] + (same ? 0 : costs.substitution())) {
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
      if (j > 0 && here == cost[i * w + j - 1] + costs.insertion()) {
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
