package io.distillery.asrmetrics.wer;

import io.distillery.asrmetrics.text.TextNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores hypotheses against references after normalising both with one {@link TextNormalizer},
 * aligning with sclite's costs.
 */
public final class WerScorer {

  private final TextNormalizer normalizer;
  private final AlignmentCosts costs;

  /** A scorer with {@code normalizer} and sclite's alignment costs. */
  public WerScorer(TextNormalizer normalizer) {
    this(normalizer, AlignmentCosts.SCLITE);
  }

  /** A scorer with {@code normalizer} and {@code costs}. */
  public WerScorer(TextNormalizer normalizer, AlignmentCosts costs) {
    this.normalizer = normalizer;
    this.costs = costs;
  }

  /** The edit counts of one hypothesis against one reference. */
  public EditCounts score(String reference, String hypothesis) {
    return WordAligner.align(normalizer.words(reference), normalizer.words(hypothesis), costs);
  }

  /**
   * Scores every reference utterance against the hypothesis with the same id, in reference order.
   *
   * @throws IllegalArgumentException if an id is in one list and not the other
   */
  public List<UtteranceScore> scoreAll(List<TrnUtterance> references, List<TrnUtterance> hyps) {
    Map<String, String> byId = new LinkedHashMap<>();
    hyps.forEach(h -> byId.put(h.id(), h.text()));
    List<UtteranceScore> scores = new ArrayList<>(references.size());
    for (TrnUtterance ref : references) {
      String hyp = byId.remove(ref.id());
      if (hyp == null) {
        throw new IllegalArgumentException(
            "no hypothesis for reference utterance (" + ref.id() + ")");
      }
      scores.add(new UtteranceScore(ref.id(), score(ref.text(), hyp)));
    }
    if (!byId.isEmpty()) {
      throw new IllegalArgumentException(
          "hypotheses without a reference: " + byId.keySet().stream().limit(5).toList());
    }
    return scores;
  }

  /**
   * The corpus totals of hypotheses against references paired by position: corpus WER is {@code
   * corpus(...).wer()}, summed errors over summed reference words.
   *
   * @throws IllegalArgumentException if the lists differ in length
   */
  public EditCounts corpus(List<String> references, List<String> hypotheses) {
    if (references.size() != hypotheses.size()) {
      throw new IllegalArgumentException(
          references.size() + " references but " + hypotheses.size() + " hypotheses");
    }
    EditCounts total = EditCounts.ZERO;
    for (int i = 0; i < references.size(); i++) {
      total = total.plus(score(references.get(i), hypotheses.get(i)));
    }
    return total;
  }

  /** The corpus totals of a list of utterance scores. */
  public static EditCounts total(List<UtteranceScore> scores) {
    return scores.stream().map(UtteranceScore::counts).reduce(EditCounts.ZERO, EditCounts::plus);
  }
}
