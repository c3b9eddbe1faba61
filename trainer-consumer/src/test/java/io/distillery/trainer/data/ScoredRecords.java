package io.distillery.trainer.data;

import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.WordConfidence;
import io.distillery.testkit.records.Records;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds accepted image and speech records for tests. */
public final class ScoredRecords {

  private ScoredRecords() {}

  /** An accepted PNG image record with the given model outputs. */
  public static ScoredRecord image(
      String id, List<ModelOutput> outputs, double weight, boolean softOnly) {
    return image(id, outputs, weight, softOnly, null);
  }

  /** The same with an inline payload. */
  public static ScoredRecord image(
      String id, List<ModelOutput> outputs, double weight, boolean softOnly, byte[] png) {
    return Records.scored(
            Records.labeled(Records.image("fmnist", id, png).build(), outputs).build(),
            softOnly ? Decision.SOFT : Decision.ACCEPT)
        .setScores(Map.of("max-probability", 0.9))
        .setWeight(weight)
        .setSoftTargetOnly(softOnly)
        .build();
  }

  /** An accepted 16 kHz WAV speech record whose teacher transcribed it as {@code transcript}. */
  public static ScoredRecord speech(String id, byte[] wav, String transcript) {
    return speech(id, wav, transcript, List.of());
  }

  /** The same, with the teacher's words (and their times when they carry them). */
  public static ScoredRecord speech(
      String id, byte[] wav, String transcript, List<WordConfidence> words) {
    ModelOutput teacher =
        Records.output(ModelRole.TEACHER)
            .setModelName("asr-teacher")
            .setTranscript(transcript)
            .setWords(words)
            .build();
    return Records.scored(
            Records.labeled(
                    Records.speech("asr-en", id, wav).setSampleRate(16_000).build(),
                    List.of(teacher))
                .build(),
            Decision.ACCEPT)
        .setScores(Map.of("reference-wer", 0.0))
        .build();
  }

  /** A model output with class probabilities. */
  public static ModelOutput output(ModelRole role, List<Float> probabilities) {
    return Records.probabilities(role, probabilities);
  }

  /** Ten probabilities with 0.91 on {@code label} and 0.01 elsewhere. */
  public static List<Float> peaked(int label) {
    List<Float> p = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      p.add(c == label ? 0.91f : 0.01f);
    }
    return p;
  }
}
