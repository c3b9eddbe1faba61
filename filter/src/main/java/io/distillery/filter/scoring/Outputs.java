package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.ArrayList;
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
    ModelOutput ensemble = null;
    ModelOutput committee = null;
    for (ModelOutput output : record.getOutputs()) {
      ModelRole role = output.getRole();
      if (role == ModelRole.TEACHER) {
        return Optional.of(output);
      } else if (role == ModelRole.ENSEMBLE && ensemble == null) {
        ensemble = output;
      } else if (role == ModelRole.COMMITTEE && committee == null) {
        committee = output;
      }
    }
    return Optional.ofNullable(ensemble != null ? ensemble : committee);
  }

  /** Every output with {@code role}, in record order. */
  public static List<ModelOutput> withRole(LabeledRecord record, ModelRole role) {
    List<ModelOutput> outputs = new ArrayList<>(2);
    for (ModelOutput output : record.getOutputs()) {
      if (output.getRole() == role) {
        outputs.add(output);
      }
    }
    return outputs;
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
