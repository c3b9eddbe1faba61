package io.distillery.lab.speech;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.ArrayList;
import java.util.List;

/**
 * The speech teacher's corpus WER on the records it labeled that carry a reference: the one
 * computation behind the demo's teacher line and the experiment's label quality. A record whose
 * teacher gave no transcript counts as an empty hypothesis (every reference word deleted). Callers
 * choose the normaliser: the demo normalises as the student's held-out references are, the
 * experiment as Distil-Whisper's filter does.
 *
 * @param counts the corpus edit counts
 * @param utterances records with a reference
 */
public record TeacherWer(EditCounts counts, int utterances) {

  /** Corpus WER: summed errors over summed reference words. */
  public double wordErrorRate() {
    return counts.wer();
  }

  /**
   * The teacher's WER on {@code labeled} under {@code normalizer}; null when none has a reference.
   */
  public static TeacherWer of(List<LabeledRecord> labeled, TextNormalizer normalizer) {
    List<String> references = new ArrayList<>();
    List<String> hypotheses = new ArrayList<>();
    for (LabeledRecord record : labeled) {
      String reference = record.getRaw().getReference();
      if (reference == null) {
        continue;
      }
      references.add(reference);
      hypotheses.add(teacherTranscript(record));
    }
    return references.isEmpty()
        ? null
        : new TeacherWer(
            new WerScorer(normalizer).corpus(references, hypotheses), references.size());
  }

  private static String teacherTranscript(LabeledRecord record) {
    for (ModelOutput output : record.getOutputs()) {
      if (output.getRole() == ModelRole.TEACHER && output.getTranscript() != null) {
        return output.getTranscript();
      }
    }
    return "";
  }
}
