package io.distillery.filter.scoring;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A scorer of the pseudo-label: it scores records that have a teacher output (see {@link
 * Outputs#teacher}) and leaves every other record without scores.
 */
abstract class TeacherScorer implements Scorer {

  private final String name;

  /** A scorer called {@code name} in policy files. */
  TeacherScorer(String name) {
    this.name = name;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final Map<String, Double> score(LabeledRecord record) {
    Optional<ModelOutput> teacher = Outputs.teacher(record);
    Map<String, Double> scores = new LinkedHashMap<>();
    teacher.ifPresent(t -> score(record, t, scores));
    return scores;
  }

  /** Puts this scorer's scores of {@code record}, whose pseudo-label is {@code teacher}'s. */
  abstract void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores);
}
