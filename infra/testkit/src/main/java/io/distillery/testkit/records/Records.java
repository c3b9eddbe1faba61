package io.distillery.testkit.records;

import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builders of the records that travel between the stages, with every required field set: a test
 * sets on top what it is about. Times are fixed, sources name the record, model versions are "1".
 */
public final class Records {

  /** When the records of these builders were ingested, labeled and scored. */
  public static final Instant AT = Instant.ofEpochMilli(1_000);

  private Records() {}

  /** A raw 28x28 PNG image of {@code task} with {@code png} inline (none where null). */
  public static RawRecord.Builder image(String task, String id, byte[] png) {
    return raw(task, id, Modality.IMAGE, "image/png", png).setWidth(28).setHeight(28);
  }

  /** A raw WAV utterance of {@code task} with {@code wav} inline (none where null). */
  public static RawRecord.Builder speech(String task, String id, byte[] wav) {
    return raw(task, id, Modality.AUDIO, "audio/wav", wav);
  }

  private static RawRecord.Builder raw(
      String task, String id, Modality modality, String contentType, byte[] payload) {
    return RawRecord.newBuilder()
        .setId(id)
        .setTask(task)
        .setModality(modality)
        .setContentType(contentType)
        .setInline(payload == null ? null : ByteBuffer.wrap(payload))
        .setSource("test:" + id)
        .setIngestTime(AT);
  }

  /** An output of the model playing {@code role}, named after the role, version "1". */
  public static ModelOutput.Builder output(ModelRole role) {
    return ModelOutput.newBuilder()
        .setModelName(role.name().toLowerCase(Locale.ROOT))
        .setModelVersion("1")
        .setRole(role);
  }

  /** A classifier's output: {@code probabilities} over the classes. */
  public static ModelOutput probabilities(ModelRole role, List<Float> probabilities) {
    return output(role).setProbabilities(probabilities).build();
  }

  /** A speech recognizer's output: {@code transcript}, without word confidences. */
  public static ModelOutput transcript(ModelRole role, String transcript) {
    return output(role).setTranscript(transcript).build();
  }

  /** {@code raw} labeled with {@code outputs} by the labeler "test". */
  public static LabeledRecord.Builder labeled(RawRecord raw, List<ModelOutput> outputs) {
    return LabeledRecord.newBuilder()
        .setRaw(raw)
        .setOutputs(outputs)
        .setLabeledAt(AT)
        .setLabeler("test");
  }

  /** {@code labeled} given {@code decision} by the policy "test", with no scores yet. */
  public static ScoredRecord.Builder scored(LabeledRecord labeled, Decision decision) {
    return ScoredRecord.newBuilder()
        .setLabeled(labeled)
        .setScores(Map.of())
        .setDecision(decision)
        .setPolicy("test")
        .setScoredAt(AT);
  }
}
