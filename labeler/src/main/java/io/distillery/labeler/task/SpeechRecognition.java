package io.distillery.labeler.task;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.WordConfidence;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Speech recognition: a WAV file becomes a BYTES element holding the file (Triton-style ASR
 * ensembles and the development server's pocketsphinx backend) or FP32 samples in -1..1. The
 * outputs {@code TRANSCRIPT} (BYTES), and optionally {@code WORDS} (BYTES) with {@code CONFIDENCES}
 * (FP32, padding words "" skipped), become the transcript with word confidences. Audio is read by
 * the media module under the producers' policy (16 kHz mono 16-bit PCM): a file the producer would
 * refuse is refused here for the same reason, rather than decoded into a wrong transcript.
 */
public final class SpeechRecognition implements TaskAdapter {

  @Override
  public List<Tensor> inputs(RawRecord record, byte[] payload, ModelSignature model)
      throws RefusedRecordException {
    TensorSpec spec = model.inputs().get(0);
    float[] samples = Wav.read(payload, WavPolicy.SPEECH_16K).monoSamples();
    if (spec.type() == DataType.BYTES) {
      Shape shape = spec.dims().rank() == 0 ? Shape.of() : Shape.of(1);
      return List.of(Tensor.ofBytes(spec.name(), shape, List.of(payload)));
    }
    if (spec.type().floating()) {
      return List.of(Tensor.ofFloats(spec.name(), spec.type(), Shape.of(samples.length), samples));
    }
    throw new RefusedRecordException(
        DeadLetterReason.UNSUPPORTED_MODEL_INPUT,
        "Speech input " + spec.name() + " is " + spec.type());
  }

  @Override
  public ModelOutput output(
      Map<String, Tensor> outputs, ModelSignature model, String version, ModelRole role) {
    Tensor transcript = outputs.get("TRANSCRIPT");
    if (transcript == null || transcript.type() != DataType.BYTES) {
      throw new TensorException(
          "missing-output", "Model " + model.name() + " sent no BYTES output TRANSCRIPT");
    }
    List<byte[]> text = transcript.byteElements();
    if (text.size() != 1) {
      throw new TensorException(
          "wrong-shape", "TRANSCRIPT holds " + text.size() + " elements for one utterance");
    }
    List<WordConfidence> words = new ArrayList<>();
    Tensor w = outputs.get("WORDS");
    Tensor c = outputs.get("CONFIDENCES");
    if (w != null && c != null) {
      List<byte[]> tokens = w.byteElements();
      float[] confidences = c.floats();
      if (tokens.size() != confidences.length) {
        throw new TensorException(
            "wrong-shape", tokens.size() + " words but " + confidences.length + " confidences");
      }
      for (int i = 0; i < tokens.size(); i++) {
        String word = new String(tokens.get(i), StandardCharsets.UTF_8);
        if (word.isEmpty()) {
          continue;
        }
        if (!Float.isFinite(confidences[i]) || confidences[i] < 0 || confidences[i] > 1) {
          throw new TensorException(
              "non-finite-output", "Confidence of '" + word + "' is " + confidences[i]);
        }
        words.add(WordConfidence.newBuilder().setWord(word).setConfidence(confidences[i]).build());
      }
    }
    return ModelOutput.newBuilder()
        .setModelName(model.name())
        .setModelVersion(version)
        .setRole(role)
        .setTranscript(new String(text.get(0), StandardCharsets.UTF_8).trim())
        .setWords(words)
        .build();
  }
}
