package io.distillery.trainer.data;

import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
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
    RawRecord raw =
        RawRecord.newBuilder()
            .setId(id)
            .setTask("fmnist")
            .setModality(Modality.IMAGE)
            .setContentType("image/png")
            .setInline(png == null ? null : ByteBuffer.wrap(png))
            .setWidth(28)
            .setHeight(28)
            .setSource("test")
            .setIngestTime(Instant.ofEpochMilli(0))
            .build();
    LabeledRecord labeled =
        LabeledRecord.newBuilder()
            .setRaw(raw)
            .setOutputs(outputs)
            .setLabeledAt(Instant.ofEpochMilli(0))
            .build();
    return ScoredRecord.newBuilder()
        .setLabeled(labeled)
        .setScores(Map.of("max-probability", 0.9))
        .setDecision(softOnly ? Decision.SOFT : Decision.ACCEPT)
        .setWeight(weight)
        .setSoftTargetOnly(softOnly)
        .setPolicy("test")
        .setScoredAt(Instant.ofEpochMilli(0))
        .build();
  }

  /** An accepted 16 kHz WAV speech record whose teacher transcribed it as {@code transcript}. */
  public static ScoredRecord speech(String id, byte[] wav, String transcript) {
    RawRecord raw =
        RawRecord.newBuilder()
            .setId(id)
            .setTask("asr-en")
            .setModality(Modality.AUDIO)
            .setContentType("audio/wav")
            .setInline(ByteBuffer.wrap(wav))
            .setSampleRate(16_000)
            .setSource("test")
            .setIngestTime(Instant.ofEpochMilli(0))
            .build();
    ModelOutput teacher =
        ModelOutput.newBuilder()
            .setModelName("asr-teacher")
            .setModelVersion("1")
            .setRole(ModelRole.TEACHER)
            .setTranscript(transcript)
            .build();
    LabeledRecord labeled =
        LabeledRecord.newBuilder()
            .setRaw(raw)
            .setOutputs(List.of(teacher))
            .setLabeledAt(Instant.ofEpochMilli(0))
            .build();
    return ScoredRecord.newBuilder()
        .setLabeled(labeled)
        .setScores(Map.of("reference-wer", 0.0))
        .setDecision(Decision.ACCEPT)
        .setWeight(1.0)
        .setSoftTargetOnly(false)
        .setPolicy("test")
        .setScoredAt(Instant.ofEpochMilli(0))
        .build();
  }

  /** A model output with class probabilities. */
  public static ModelOutput output(ModelRole role, List<Float> probabilities) {
    return ModelOutput.newBuilder()
        .setModelName(role.name().toLowerCase(java.util.Locale.ROOT))
        .setModelVersion("1")
        .setRole(role)
        .setProbabilities(probabilities)
        .build();
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
