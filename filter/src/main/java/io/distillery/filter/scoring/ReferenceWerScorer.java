package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.AlignmentCosts;
import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.asrmetrics.wer.WordAligner;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import java.util.List;
import java.util.Map;

/**
 * Distil-Whisper's supervised filter: the per-utterance WER of the teacher's transcript against the
 * record's reference, both normalised.
 *
 * <p>Scores: {@code reference-wer} (a fraction; only when the normalised reference has words, since
 * a WER without a reference cannot be trusted), {@code reference-empty} (1 when the record has no
 * usable reference) and {@code teacher-all-caps} (1 when the raw transcript has letters and all of
 * them are upper case, which Distil-Whisper drops as a known failure of large-v3).
 */
public final class ReferenceWerScorer extends TranscriptScorer {

  /** Name in policy files. */
  public static final String NAME = "reference-wer";

  /** A scorer normalising with {@code normalizer}. */
  public ReferenceWerScorer(TextNormalizer normalizer) {
    super(NAME, normalizer);
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    String hypothesis = Outputs.transcript(teacher);
    List<String> reference = words(record.getRaw().getReference());
    scores.put("reference-empty", reference.isEmpty() ? 1.0 : 0.0);
    scores.put("teacher-all-caps", allCaps(hypothesis) ? 1.0 : 0.0);
    if (!reference.isEmpty()) {
      EditCounts counts = WordAligner.align(reference, words(hypothesis), AlignmentCosts.SCLITE);
      scores.put("reference-wer", counts.wer());
    }
  }

  static boolean allCaps(String text) {
    boolean letters = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters = true;
        if (!Character.isUpperCase(c)) {
          return false;
        }
      }
    }
    return letters;
  }
}
