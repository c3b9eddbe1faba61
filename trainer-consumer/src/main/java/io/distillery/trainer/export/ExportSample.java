package io.distillery.trainer.export;

import io.distillery.media.audio.Wav;
import io.distillery.media.image.ImagePolicy;
import io.distillery.media.image.Images;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.WordConfidence;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.label.TrainingTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One record of the training set: its key, its payload as a file, the label the student learns from
 * (the {@link TrainingTarget}) and everything else a trainer may weigh it by.
 *
 * @param key unique within the export, no dots (WebDataset splits names at the first dot)
 * @param modality audio or image
 * @param extension the payload file's extension: wav, png or jpg
 * @param payload the payload file's bytes (raw pixels become a PNG)
 * @param seconds the audio's duration, 0 for images
 * @param transcript the pseudo-transcript, null for images
 * @param label the pseudo-label's class index, -1 for speech
 * @param metadata the sample's JSON fields, in a stable order
 */
record ExportSample(
    String key,
    Modality modality,
    String extension,
    byte[] payload,
    double seconds,
    String transcript,
    int label,
    Map<String, Object> metadata) {

  /**
   * The sample of {@code record}, read at {@code partition}/{@code offset}, whose payload bytes are
   * {@code payload}.
   *
   * @throws RefusedRecordException when it has no label to learn from or its payload is unusable
   */
  static ExportSample of(ScoredRecord record, byte[] payload, int partition, long offset)
      throws RefusedRecordException {
    RawRecord raw = record.getLabeled().getRaw();
    String key = raw.getId().replaceAll("[^A-Za-z0-9_-]", "_") + "_p" + partition + "_o" + offset;
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("id", raw.getId());
    meta.put("task", raw.getTask());
    meta.put("source", raw.getSource());
    if (raw.getReference() != null) {
      meta.put("reference", raw.getReference());
    }
    meta.put("decision", record.getDecision().name());
    meta.put("weight", record.getWeight());
    meta.put("soft_target_only", record.getSoftTargetOnly());
    meta.put("scores", new TreeMap<>(record.getScores()));
    meta.put("reasons", List.copyOf(record.getReasons()));
    meta.put("policy", record.getPolicy());
    meta.put("partition", partition);
    meta.put("offset", offset);
    if (raw.getModality() == Modality.AUDIO) {
      ModelOutput target =
          TrainingTarget.transcript(record.getLabeled().getOutputs())
              .orElseThrow(
                  () ->
                      new RefusedRecordException(
                          DeadLetterReason.MISSING_TEACHER_OUTPUT,
                          "no TEACHER or ENSEMBLE transcript"));
      double seconds = Wav.parse(payload).seconds();
      meta.put("text", target.getTranscript());
      meta.put("model", target.getModelName() + "/" + target.getModelVersion());
      List<Map<String, Object>> words = new ArrayList<>();
      for (WordConfidence w : target.getWords()) {
        words.add(Map.of("word", w.getWord(), "confidence", w.getConfidence()));
      }
      meta.put("words", words);
      meta.put("duration", seconds);
      return new ExportSample(
          key, Modality.AUDIO, "wav", payload, seconds, target.getTranscript(), -1, meta);
    }
    ModelOutput target =
        TrainingTarget.classification(record.getLabeled().getOutputs())
            .orElseThrow(
                () ->
                    new RefusedRecordException(
                        DeadLetterReason.MISSING_TEACHER_OUTPUT, "no TEACHER or ENSEMBLE output"));
    List<Float> soft = target.getProbabilities();
    if (soft.isEmpty()) {
      throw new RefusedRecordException(
          DeadLetterReason.BAD_PROBABILITIES, target.getModelName() + " gave no probabilities");
    }
    int label = 0;
    for (int i = 1; i < soft.size(); i++) {
      if (soft.get(i) > soft.get(label)) {
        label = i;
      }
    }
    meta.put("label", label);
    meta.put("soft_label", List.copyOf(soft));
    meta.put("model", target.getModelName() + "/" + target.getModelVersion());
    // decoding refuses what the trainer would refuse; raw pixels travel as a PNG
    var raster =
        Images.decode(
            payload, raw.getContentType(), raw.getWidth(), raw.getHeight(), ImagePolicy.DEFAULT);
    byte[] file = Images.IDX.equals(raw.getContentType()) ? Images.png(raster) : payload;
    String extension = Images.contentType(file).equals("image/png") ? "png" : "jpg";
    return new ExportSample(key, Modality.IMAGE, extension, file, 0, null, label, meta);
  }
}
