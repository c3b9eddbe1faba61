package io.distillery.labeler.task;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.labeler.binding.Binding;
import io.distillery.labeler.binding.Constants;
import io.distillery.labeler.binding.Role;
import io.distillery.labeler.binding.TensorRole;
import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.WordConfidence;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Speech recognition through a binding: the WAV file as one BYTES element ({@code audio-file}), or
 * its samples in -1..1 ({@code samples}) with their count ({@code sample-count}), plus constants.
 * The transcript output may hold one element or the utterance's words ({@code [1]}, {@code [N]}):
 * they are joined by spaces, and special tokens such as SenseVoice's {@code <|en|>} are dropped.
 * Optional {@code words} with {@code word-confidences} (padding words "" skipped) become word
 * confidences, with their start and end when the model also has {@code word-times} (in order,
 * finite, each end at or after its start, or the answer is refused as garbage). Audio is read by
 * the media module under the producers' policy (16 kHz mono 16-bit PCM): a file the producer would
 * refuse is refused here for the same reason, rather than decoded into a wrong transcript.
 */
public final class SpeechRecognition implements TaskAdapter {

  /** How far outside [0, 1] a word confidence may stray by rounding before it is refused. */
  static final float CONFIDENCE_SLACK = 0.01f;

  private static final Pattern SPECIAL_TOKEN = Pattern.compile("<\\|[^|>]*\\|>");

  @Override
  public List<Tensor> inputs(RawRecord record, byte[] payload, Binding model)
      throws RefusedRecordException {
    float[] samples = Wav.read(payload, WavPolicy.SPEECH_16K).monoSamples();
    List<Tensor> out = new ArrayList<>();
    for (Map.Entry<String, TensorRole> e : model.inputs().entrySet()) {
      TensorSpec spec = model.signature().input(e.getKey()).orElseThrow();
      out.add(
          switch (e.getValue().role()) {
            case AUDIO_FILE ->
                Tensor.ofBytes(spec.name(), Constants.itemShape(spec), List.of(payload));
            case SAMPLES ->
                Tensor.ofFloats(
                    spec.name(),
                    spec.type(),
                    spec.dims().rank() == 2
                        ? Shape.of(1, samples.length)
                        : Shape.of(samples.length),
                    samples);
            case SAMPLE_COUNT -> {
              Shape shape = Constants.itemShape(spec);
              long[] counts = new long[Math.toIntExact(shape.elementCount())];
              Arrays.fill(counts, samples.length);
              yield Tensor.ofLongs(spec.name(), spec.type(), shape, counts);
            }
            case CONSTANT -> Constants.tensor(spec, e.getValue().argument());
            default -> throw new IllegalStateException("No speech input role " + e.getValue());
          });
    }
    return out;
  }

  @Override
  public ModelOutput output(
      Map<String, Tensor> outputs, Binding model, String version, ModelRole role) {
    List<String> parts = transcript(outputs, model);
    List<WordConfidence> words = new ArrayList<>();
    Tensor w = model.output(Role.WORDS).map(t -> outputs.get(t.name())).orElse(null);
    Tensor c = model.output(Role.WORD_CONFIDENCES).map(t -> outputs.get(t.name())).orElse(null);
    Tensor times = model.output(Role.WORD_TIMES).map(t -> outputs.get(t.name())).orElse(null);
    if (w != null && c != null) {
      List<byte[]> tokens = w.byteElements();
      float[] confidences = c.floats();
      if (tokens.size() != confidences.length) {
        throw new TensorException(
            "wrong-shape", tokens.size() + " words but " + confidences.length + " confidences");
      }
      float[] spans = times == null ? null : times.floats();
      if (spans != null && spans.length != 2 * tokens.size()) {
        throw new TensorException(
            "wrong-shape", tokens.size() + " words but " + spans.length + " word-time values");
      }
      float lastStart = 0;
      for (int i = 0; i < tokens.size(); i++) {
        String word = new String(tokens.get(i), StandardCharsets.UTF_8);
        if (word.isEmpty()) {
          continue;
        }
        float confidence = confidence(word, confidences[i]);
        WordConfidence.Builder b =
            WordConfidence.newBuilder().setWord(word).setConfidence(confidence);
        if (spans != null) {
          float start = spans[2 * i];
          float end = spans[2 * i + 1];
          if (!Float.isFinite(start) || !Float.isFinite(end)) {
            throw new TensorException(
                "non-finite-output", "Times of '" + word + "' are " + start + ".." + end);
          }
          // words in order, each ending at or after its start: anything else is garbage
          if (start < lastStart || end < start) {
            throw new TensorException(
                "malformed-output",
                "Times of '" + word + "' are " + start + ".." + end + " s after " + lastStart);
          }
          lastStart = start;
          b.setStartSeconds(start).setEndSeconds(end);
        }
        words.add(b.build());
      }
    }
    return ModelOutput.newBuilder()
        .setModelName(model.model())
        .setModelVersion(version)
        .setRole(role)
        .setTranscript(String.join(" ", parts))
        .setWords(words)
        .build();
  }

  /** The transcript's parts: the text elements, or the text of the token ids. */
  private static List<String> transcript(Map<String, Tensor> outputs, Binding model) {
    Optional<TensorSpec> ids = model.output(Role.TOKEN_IDS);
    String name = ids.orElseGet(() -> model.output(Role.TRANSCRIPT).orElseThrow()).name();
    Tensor transcript = outputs.get(name);
    if (ids.isPresent()) {
      if (transcript == null
          || (transcript.type() != DataType.INT64 && transcript.type() != DataType.INT32)) {
        throw new TensorException(
            "missing-output", "Model " + model.model() + " sent no token ids in " + name);
      }
      String text = tokens(transcript.longs(), model.outputs().get(name).argument(), model.model());
      return text.isEmpty() ? List.of() : List.of(text);
    }
    if (transcript == null || transcript.type() != DataType.BYTES) {
      throw new TensorException(
          "missing-output", "Model " + model.model() + " sent no BYTES output " + name);
    }
    List<String> parts = new ArrayList<>();
    for (byte[] element : transcript.byteElements()) {
      String text =
          SPECIAL_TOKEN.matcher(new String(element, StandardCharsets.UTF_8)).replaceAll("");
      if (!text.isBlank()) {
        parts.add(text.trim());
      }
    }
    return parts;
  }

  /**
   * The text of CTC token ids: 0 (blank) and negatives (padding) skipped, id {@code i} the {@code
   * i}-th character of {@code vocabulary}, runs of spaces made one; an id past the vocabulary is
   * garbage.
   */
  static String tokens(long[] ids, String vocabulary, String model) {
    StringBuilder out = new StringBuilder(ids.length);
    for (long id : ids) {
      if (id <= 0) {
        continue;
      }
      if (id > vocabulary.length()) {
        throw new TensorException(
            "malformed-output",
            "Model "
                + model
                + " answered token id "
                + id
                + " of a vocabulary of "
                + vocabulary.length()
                + " tokens and the blank");
      }
      char c = vocabulary.charAt((int) id - 1);
      if (!Character.isWhitespace(c) || (out.length() > 0 && out.charAt(out.length() - 1) != ' ')) {
        out.append(Character.isWhitespace(c) ? ' ' : c);
      }
    }
    return out.toString().strip();
  }

  /**
   * A word's posterior in [0, 1]. Decoders compute posteriors in an approximate log domain, so a
   * certain word can come out a hair above 1 (pocketsphinx answered 1.001 for one word in 600
   * utterances): values within {@value #CONFIDENCE_SLACK} of the range are clamped into it,
   * anything further out is garbage.
   */
  static float confidence(String word, float value) {
    if (!Float.isFinite(value) || value < -CONFIDENCE_SLACK || value > 1 + CONFIDENCE_SLACK) {
      throw new TensorException("non-finite-output", "Confidence of '" + word + "' is " + value);
    }
    return Math.max(0f, Math.min(1f, value));
  }
}
