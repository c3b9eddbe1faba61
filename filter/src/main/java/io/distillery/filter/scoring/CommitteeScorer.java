package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.WordAligner;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Agreement across a committee of teachers (CV-DD, MEAL V2): every TEACHER, ENSEMBLE and COMMITTEE
 * output of the record, when there are at least two.
 *
 * <p>Scores: {@code committee-size}; {@code committee-vote-share} (the share of members whose label
 * equals the pseudo-label's: the argmax class for classification, the normalised transcript for
 * speech; the pseudo-label's own source counts as a vote); and, for speech, {@code
 * committee-mean-pairwise-wer} (the mean over unordered pairs of the two WERs, each member taking
 * the reference's place once).
 */
public final class CommitteeScorer extends TranscriptScorer {

  /** Name in policy files. */
  public static final String NAME = "committee";

  /** A scorer normalising transcripts with {@code normalizer}. */
  public CommitteeScorer(TextNormalizer normalizer) {
    super(NAME, normalizer);
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    List<ModelOutput> members = new ArrayList<>();
    for (ModelOutput o : record.getOutputs()) {
      if (o.getRole() != ModelRole.PROXY && o.getRole() != ModelRole.STUDENT) {
        members.add(o);
      }
    }
    if (members.size() < 2) {
      return;
    }
    boolean classification = !members.get(0).getProbabilities().isEmpty();
    List<Object> labels = new ArrayList<>();
    for (ModelOutput m : members) {
      labels.add(
          classification
              ? (Object) Outputs.argmax(m.getProbabilities())
              : words(Outputs.transcript(m)));
    }
    Object pseudoLabel = labels.get(members.indexOf(teacher));
    long votes = labels.stream().filter(pseudoLabel::equals).count();
    scores.put("committee-size", (double) members.size());
    scores.put("committee-vote-share", (double) votes / members.size());
    if (!classification) {
      scores.put("committee-mean-pairwise-wer", meanPairwiseWer(labels));
    }
  }

  @SuppressWarnings("unchecked")
  private static double meanPairwiseWer(List<Object> transcripts) {
    double sum = 0;
    int pairs = 0;
    for (int i = 0; i < transcripts.size(); i++) {
      for (int j = i + 1; j < transcripts.size(); j++) {
        List<String> a = (List<String>) transcripts.get(i);
        List<String> b = (List<String>) transcripts.get(j);
        sum += (WordAligner.align(a, b).wer() + WordAligner.align(b, a).wer()) / 2;
        pairs++;
      }
    }
    return sum / pairs;
  }
}
