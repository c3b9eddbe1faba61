package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import java.util.Optional;

/** Picks model outputs out of a labeled record by role. */
public final class Outputs {

  private Outputs() {}

  /**
   * The pseudo-label's source: the first TEACHER output, else the first ENSEMBLE output, else the
   * first COMMITTEE output.
   */
  public static Optional<ModelOutput> teacher(LabeledRecord record) {
    return first(record, ModelRole.TEACHER)
        .or(() -> first(record, ModelRole.ENSEMBLE))
        .or(() -> first(record, ModelRole.COMMITTEE));
  }

  /** Every output with {@code role}, in record order. */
  public static List<ModelOutput> withRole(LabeledRecord record, ModelRole role) {
    return record.getOutputs().stream().filter(o -> o.getRole() == role).toList();
  }

  private static Optional<ModelOutput> first(LabeledRecord record, ModelRole role) {
    return record.getOutputs().stream().filter(o -> o.getRole() == role).findFirst();
  }

  /** The transcript, or an empty string when the output has none. */
  public static String transcript(ModelOutput output) {
    return output.getTranscript() == null ? "" : output.getTranscript();
  }

  /** The index of the largest probability, or -1 for an empty distribution. */
  public static int argmax(List<Float> probabilities) {
    int best = -1;
    for (int i = 0; i < probabilities.size(); i++) {
      if (best < 0 || probabilities.get(i) > probabilities.get(best)) {
        best = i;
      }
    }
    return best;
  }
}
