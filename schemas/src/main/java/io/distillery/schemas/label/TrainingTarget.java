package io.distillery.schemas.label;

import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import java.util.Optional;

/**
 * Which model output a student learns from: the ENSEMBLE's (the committee's mean) when the record
 * has one, else the TEACHER's. The trainer and the exported training sets take the same one.
 */
public final class TrainingTarget {

  private TrainingTarget() {}

  /** The output a classifier student learns from. */
  public static Optional<ModelOutput> classification(List<ModelOutput> outputs) {
    return chosen(outputs, false);
  }

  /** The output a speech student learns from: only outputs that carry a transcript qualify. */
  public static Optional<ModelOutput> transcript(List<ModelOutput> outputs) {
    return chosen(outputs, true);
  }

  private static Optional<ModelOutput> chosen(List<ModelOutput> outputs, boolean transcript) {
    ModelOutput chosen = null;
    for (ModelOutput output : outputs) {
      if (transcript && output.getTranscript() == null) {
        continue;
      }
      if (output.getRole() == ModelRole.ENSEMBLE) {
        return Optional.of(output);
      }
      if (output.getRole() == ModelRole.TEACHER && chosen == null) {
        chosen = output;
      }
    }
    return Optional.ofNullable(chosen);
  }
}
