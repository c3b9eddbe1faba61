package io.distillery.labeler.binding;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.schemas.topics.TaskKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds a model's tensors to roles: the roles given by hand first, then the ones its signature
 * implies. Speech: a FP32/FP16 {@code [-1]} or {@code [1,-1]} input carries samples, an INT32/INT64
 * {@code [1]} input whose name speaks of a length ({@code WAV_LENS}) or that is the only other
 * input their count (a model that does not batch may declare both {@code [-1]}: a batch of one), a
 * BYTES input the WAV file when no input takes samples, Whisper's {@code TEXT_PREFIX} the English
 * transcription prompt; the BYTES output ({@code TRANSCRIPTS}, {@code TRANSCRIPT}, {@code TEXT}...)
 * the transcript, {@code WORDS}, {@code CONFIDENCES} and a FP32 output named for times ({@code
 * WORD_TIMES}, {@code TIMESTAMPS}) the words; a model with no BYTES output whose config declares
 * {@code ctc_vocabulary} answers token ids in its integer output. Image: an image-shaped input the
 * pixels (ImageNet normalisation for colour, 0..1 for grey), a UINT8 {@code [-1]} or BYTES input
 * the encoded file; the first vector of scores the class probabilities ({@code probabilities} when
 * its name says softmax or prob, {@code logits} when it says logit, else {@code scores}). Every
 * other required input must be bound by hand, and the error says how.
 */
public final class Binder {

  /** Whisper's prompt for English transcription without timestamps. */
  public static final String WHISPER_PROMPT =
      "<|startoftranscript|><|en|><|transcribe|><|notimestamps|>";

  private Binder() {}

  /**
   * The binding of {@code model} for {@code kind}.
   *
   * @param overrides roles given by hand; those meant for other models are ignored
   * @throws BindingException naming the model, the tensor and what would bind it
   */
  public static Binding bind(ModelSignature model, TaskKind kind, List<BindOverride> overrides) {
    String name = model.name();
    List<String> inputNames = model.inputs().stream().map(TensorSpec::name).toList();
    List<String> outputNames = model.outputs().stream().map(TensorSpec::name).toList();
    List<String> all = new ArrayList<>(inputNames);
    all.addAll(outputNames);
    Map<String, TensorRole> given = new LinkedHashMap<>();
    for (BindOverride o : overrides) {
      if (!o.meantFor(name, all)) {
        continue;
      }
      String tensor =
          o.tensorOf(name, all)
              .orElseThrow(
                  () ->
                      new BindingException(
                          name,
                          "has no tensor '"
                              + o.target()
                              + "' to bind (inputs "
                              + inputNames
                              + ", outputs "
                              + outputNames
                              + ")"));
      Role role = o.role().role();
      if (!role.of(kind)) {
        throw new BindingException(name, role + " is not a role of a " + kind + " model");
      }
      if (role.input() != inputNames.contains(tensor)) {
        throw new BindingException(
            name,
            tensor
                + " is an "
                + (role.input() ? "output" : "input")
                + " and "
                + role
                + " a role of an "
                + (role.input() ? "input" : "output"));
      }
      given.put(tensor, o.role());
    }
    return kind == TaskKind.SPEECH ? speech(model, given) : image(model, given);
  }

  /**
   * Checks that each override names a tensor of one of {@code models}, so a misspelt {@code --bind}
   * fails at start rather than being ignored.
   *
   * @throws IllegalArgumentException naming the override that binds nothing
   */
  public static void checkUsed(List<BindOverride> overrides, List<ModelSignature> models) {
    for (BindOverride o : overrides) {
      boolean used = false;
      for (ModelSignature m : models) {
        List<String> all = new ArrayList<>();
        m.inputs().forEach(t -> all.add(t.name()));
        m.outputs().forEach(t -> all.add(t.name()));
        used |= o.tensorOf(m.name(), all).isPresent();
      }
      if (!used) {
        throw new IllegalArgumentException(
            "--bind "
                + o.target()
                + "="
                + o.role()
                + " names no tensor of the models "
                + models.stream().map(ModelSignature::name).toList());
      }
    }
  }

  private static Binding speech(ModelSignature model, Map<String, TensorRole> given) {
    Map<String, TensorRole> inputs = new LinkedHashMap<>();
    boolean samplesGiven = given.values().stream().anyMatch(r -> r.role() == Role.SAMPLES);
    Optional<TensorSpec> samples =
        samplesGiven
            ? Optional.empty()
            : model.inputs().stream()
                .filter(t -> !given.containsKey(t.name()) && samplesShape(t, model))
                .findFirst();
    List<TensorSpec> unbound = new ArrayList<>();
    for (TensorSpec t : model.inputs()) {
      TensorRole role = given.get(t.name());
      if (role == null) {
        role = inferSpeechInput(t, model, samples, samplesGiven || samples.isPresent(), inputs);
      }
      if (role == null && !t.optional()) {
        unbound.add(t);
      }
      if (role != null) {
        checkSpeechInput(model, t, role);
        inputs.put(t.name(), role);
      }
    }
    long audio =
        inputs.values().stream()
            .filter(r -> r.role() == Role.SAMPLES || r.role() == Role.AUDIO_FILE)
            .count();
    if (audio != 1) {
      throw new BindingException(
          model.name(),
          audio == 0
              ? "no input takes audio (inputs "
                  + describe(model.inputs())
                  + "): audio goes in as samples (FP32/FP16 [-1] or [1,-1]) or a WAV file"
                  + " (BYTES [1]); this looks like a part of an ASR pipeline (features,"
                  + " encoder, decoder), so bind the pipeline's entry model instead"
              : "more than one input takes audio: " + inputs);
    }
    if (!unbound.isEmpty()) {
      throw new BindingException(model.name(), unbound(model, unbound.get(0)));
    }
    Map<String, TensorRole> outputs = new LinkedHashMap<>();
    for (TensorSpec t : model.outputs()) {
      TensorRole role = given.get(t.name());
      if (role == null) {
        role = inferSpeechOutput(t, model, outputs);
      }
      if (role != null) {
        checkType(model.name(), t, role);
        if (role.role() == Role.TOKEN_IDS) {
          role = withVocabulary(model, t, role);
        }
        outputs.put(t.name(), role);
      }
    }
    long transcripts =
        outputs.values().stream()
            .filter(r -> r.role() == Role.TRANSCRIPT || r.role() == Role.TOKEN_IDS)
            .count();
    if (transcripts > 1) {
      throw new BindingException(
          model.name(), "more than one output holds the transcript: " + outputs);
    }
    if (transcripts == 0) {
      throw new BindingException(
          model.name(),
          "no output holds a transcript (outputs "
              + describe(model.outputs())
              + "): a transcript is a BYTES output such as TRANSCRIPTS; a model that outputs"
              + " features or logits is a part of an ASR pipeline, so bind the pipeline's entry"
              + " model, or name the transcript with --bind MODEL:TENSOR=transcript (token ids"
              + " of a CTC model: MODEL:TENSOR=token-ids:VOCABULARY, or declare "
              + ModelSignature.CTC_VOCABULARY
              + " in its config)");
    }
    return new Binding(model, TaskKind.SPEECH, inputs, outputs, Optional.empty(), Optional.empty());
  }

  /**
   * Whether {@code t} can take one utterance's samples: {@code [-1]} or {@code [1,-1]}, or {@code
   * [-1,-1]} (a batch of one) when the model does not batch.
   */
  private static boolean samplesShape(TensorSpec t, ModelSignature model) {
    long[] d = t.dims().dims();
    boolean shape =
        (d.length == 1 && d[0] == -1)
            || (d.length == 2 && (d[0] == 1 || (d[0] == -1 && !model.batching())) && d[1] == -1);
    return shape && (t.type() == DataType.FP32 || t.type() == DataType.FP16);
  }

  private static TensorRole inferSpeechInput(
      TensorSpec t,
      ModelSignature model,
      Optional<TensorSpec> samples,
      boolean takesSamples,
      Map<String, TensorRole> bound) {
    String upper = t.name().toUpperCase(Locale.ROOT);
    if (samples.isPresent() && samples.get().name().equals(t.name())) {
      return TensorRole.of(Role.SAMPLES);
    }
    if (t.type() == DataType.BYTES && upper.contains("PREFIX")) {
      return new TensorRole(Role.CONSTANT, WHISPER_PROMPT);
    }
    if (takesSamples
        && (t.type() == DataType.INT32 || t.type() == DataType.INT64)
        && (oneElement(t) || batchOfOne(t, model))
        && (upper.contains("LEN") || upper.contains("COUNT") || model.inputs().size() == 2)) {
      // named for a length, or the only input beside the samples (a TorchScript model's INPUT__1)
      return TensorRole.of(Role.SAMPLE_COUNT);
    }
    boolean audioBound = bound.values().stream().anyMatch(r -> r.role() == Role.AUDIO_FILE);
    if (!takesSamples && !audioBound && t.type() == DataType.BYTES && oneElement(t)) {
      return TensorRole.of(Role.AUDIO_FILE);
    }
    return null;
  }

  private static TensorRole inferSpeechOutput(
      TensorSpec t, ModelSignature model, Map<String, TensorRole> bound) {
    String upper = t.name().toUpperCase(Locale.ROOT);
    boolean transcriptBound =
        bound.values().stream()
            .anyMatch(r -> r.role() == Role.TRANSCRIPT || r.role() == Role.TOKEN_IDS);
    boolean hasBytes = model.outputs().stream().anyMatch(o -> o.type() == DataType.BYTES);
    if ((t.type() == DataType.INT32 || t.type() == DataType.INT64)
        && !transcriptBound
        && !hasBytes
        && model.parameters().containsKey(ModelSignature.CTC_VOCABULARY)) {
      return TensorRole.of(Role.TOKEN_IDS);
    }
    if (t.type() == DataType.BYTES && upper.equals("WORDS")) {
      return TensorRole.of(Role.WORDS);
    }
    if (t.type() == DataType.FP32 && upper.contains("CONFIDENCE")) {
      return TensorRole.of(Role.WORD_CONFIDENCES);
    }
    if (t.type() == DataType.FP32 && upper.contains("TIME")) {
      return TensorRole.of(Role.WORD_TIMES);
    }
    if (t.type() == DataType.BYTES && !transcriptBound) {
      return TensorRole.of(Role.TRANSCRIPT);
    }
    return null;
  }

  private static void checkSpeechInput(ModelSignature model, TensorSpec t, TensorRole role) {
    checkType(model.name(), t, role);
    if (role.role() == Role.SAMPLES && !samplesShape(t, model)) {
      throw new BindingException(
          model.name(),
          t.describe()
              + " cannot take samples: they go in FP32/FP16 [-1] or [1,-1] ([-1,-1] when the"
              + " model does not batch)");
    }
  }

  /** Whether {@code t} is {@code [-1]} of a model that does not batch: one element per request. */
  private static boolean batchOfOne(TensorSpec t, ModelSignature model) {
    long[] d = t.dims().dims();
    return !model.batching() && d.length == 1 && d[0] == -1;
  }

  /** A token-ids role with its vocabulary: the role's own, else the config's. */
  private static TensorRole withVocabulary(ModelSignature model, TensorSpec t, TensorRole role) {
    String vocabulary =
        role.argument().isEmpty()
            ? model.parameters().getOrDefault(ModelSignature.CTC_VOCABULARY, "")
            : role.argument();
    if (vocabulary.isEmpty()) {
      throw new BindingException(
          model.name(),
          t.describe()
              + " holds token ids but no vocabulary reads them: give it, --bind "
              + model.name()
              + ":"
              + t.name()
              + "=token-ids:VOCABULARY (the characters of ids 1, 2, ...; 0 is the blank), or"
              + " declare the config parameter "
              + ModelSignature.CTC_VOCABULARY);
    }
    return new TensorRole(Role.TOKEN_IDS, vocabulary);
  }

  private static Binding image(ModelSignature model, Map<String, TensorRole> given) {
    Map<String, TensorRole> inputs = new LinkedHashMap<>();
    Optional<ImageLayout> layout = Optional.empty();
    Optional<PixelScaling> scaling = Optional.empty();
    List<TensorSpec> unbound = new ArrayList<>();
    for (TensorSpec t : model.inputs()) {
      TensorRole role = given.get(t.name());
      boolean imageBound =
          inputs.values().stream()
              .anyMatch(r -> r.role() == Role.PIXELS || r.role() == Role.ENCODED_IMAGE);
      if (role == null && !imageBound) {
        role = inferImageInput(t);
      }
      if (role == null) {
        if (!t.optional()) {
          unbound.add(t);
        }
        continue;
      }
      checkType(model.name(), t, role);
      if (role.role() == Role.PIXELS) {
        ImageLayout l =
            ImageLayout.of(t)
                .orElseThrow(
                    () ->
                        new BindingException(
                            model.name(),
                            t.describe()
                                + " cannot hold an image: pixels go in fixed dims [C,H,W] or"
                                + " [H,W,C] with 1 or 3 channels, [H,W], or a square [H*W]"));
        layout = Optional.of(l);
        if (t.type().floating()) {
          PixelScaling s =
              role.argument().isEmpty()
                  ? (l.channels() == 3 ? PixelScaling.IMAGENET : PixelScaling.UNIT)
                  : PixelScaling.parse(role.argument());
          s.check(l.channels(), model.name(), t.name());
          scaling = Optional.of(s);
        } else if (!role.argument().isEmpty()) {
          throw new BindingException(
              model.name(), t.describe() + " takes 0..255 levels: it cannot be scaled");
        }
      }
      if (role.role() == Role.ENCODED_IMAGE && !encodedShape(t)) {
        throw new BindingException(
            model.name(), t.describe() + " cannot take a file: it goes in UINT8 [-1] or BYTES [1]");
      }
      inputs.put(t.name(), role);
    }
    long image =
        inputs.values().stream()
            .filter(r -> r.role() == Role.PIXELS || r.role() == Role.ENCODED_IMAGE)
            .count();
    if (image != 1) {
      throw new BindingException(
          model.name(),
          image == 0
              ? "no input takes the image (inputs " + describe(model.inputs()) + ")"
              : "more than one input takes the image: " + inputs);
    }
    if (!unbound.isEmpty()) {
      throw new BindingException(model.name(), unbound(model, unbound.get(0)));
    }
    Map<String, TensorRole> outputs = new LinkedHashMap<>();
    for (TensorSpec t : model.outputs()) {
      TensorRole role = given.get(t.name());
      boolean scoresBound = !outputs.isEmpty();
      if (role == null && !scoresBound && scoresShape(t)) {
        String lower = t.name().toLowerCase(Locale.ROOT);
        role =
            TensorRole.of(
                lower.contains("softmax") || lower.contains("prob")
                    ? Role.PROBABILITIES
                    : lower.contains("logit") ? Role.LOGITS : Role.SCORES);
      }
      if (role != null) {
        checkType(model.name(), t, role);
        if (!scoresShape(t)) {
          throw new BindingException(
              model.name(),
              t.describe() + " is not a vector of class scores (fixed dims, one of them > 1)");
        }
        if (!outputs.isEmpty()) {
          throw new BindingException(model.name(), "more than one output holds class scores");
        }
        outputs.put(t.name(), role);
      }
    }
    if (outputs.isEmpty()) {
      throw new BindingException(
          model.name(),
          "no output holds class scores (outputs "
              + describe(model.outputs())
              + "): scores are a FP32 vector such as [1000] or [1,1000,1,1]");
    }
    return new Binding(model, TaskKind.IMAGE, inputs, outputs, layout, scaling);
  }

  private static TensorRole inferImageInput(TensorSpec t) {
    if (encodedShape(t)) {
      return TensorRole.of(Role.ENCODED_IMAGE);
    }
    boolean pixelType = t.type().floating() || t.type() == DataType.UINT8;
    if (pixelType && ImageLayout.of(t).isPresent()) {
      return TensorRole.of(Role.PIXELS);
    }
    return null;
  }

  /** Whether the tensor holds at most one element per item ({@code []}, {@code [1]}). */
  private static boolean oneElement(TensorSpec t) {
    return t.dims().concrete() && t.dims().elementCount() <= 1;
  }

  private static boolean encodedShape(TensorSpec t) {
    long[] d = t.dims().dims();
    return (t.type() == DataType.UINT8 && d.length == 1 && d[0] == -1)
        || (t.type() == DataType.BYTES && oneElement(t));
  }

  private static boolean scoresShape(TensorSpec t) {
    Shape dims = t.dims();
    if (!dims.concrete() || !(t.type().floating() || t.type() == DataType.FP64)) {
      return false;
    }
    long big = java.util.Arrays.stream(dims.dims()).filter(d -> d > 1).count();
    return big == 1;
  }

  private static void checkType(String model, TensorSpec t, TensorRole role) {
    DataType type = t.type();
    boolean ok =
        switch (role.role()) {
          case AUDIO_FILE, TRANSCRIPT, WORDS -> type == DataType.BYTES;
          case TOKEN_IDS -> type == DataType.INT32 || type == DataType.INT64;
          case SAMPLES -> type == DataType.FP32 || type == DataType.FP16;
          case SAMPLE_COUNT -> type == DataType.INT32 || type == DataType.INT64;
          case WORD_CONFIDENCES, WORD_TIMES -> type == DataType.FP32;
          case PIXELS -> type.floating() || type == DataType.UINT8;
          case ENCODED_IMAGE -> type == DataType.UINT8 || type == DataType.BYTES;
          case PROBABILITIES, LOGITS, SCORES, CLASSIFICATION ->
              type.floating() || type == DataType.FP64;
          case CONSTANT -> constantFits(type, role.argument());
        };
    if (!ok) {
      throw new BindingException(
          model,
          t.describe()
              + " cannot be "
              + role
              + (role.role() == Role.CONSTANT ? ": the value does not parse as " + type : ""));
    }
  }

  private static boolean constantFits(DataType type, String value) {
    try {
      switch (type) {
        case BYTES:
          return true;
        case BOOL:
          return value.equals("true") || value.equals("false");
        case FP16, FP32, FP64, BF16:
          Double.parseDouble(value);
          return true;
        default:
          Long.parseLong(value);
          return true;
      }
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String unbound(ModelSignature model, TensorSpec t) {
    return "input "
        + t.describe()
        + " has no role the labeler can infer; give it one, e.g. --bind "
        + model.name()
        + ":"
        + t.name()
        + "=constant:<value>"
        + (t.name().equalsIgnoreCase("LANGUAGE") || t.name().equalsIgnoreCase("TEXT_NORM")
            ? " (SenseVoice: LANGUAGE 0 auto, 4 en; TEXT_NORM 14 with ITN, 15 without)"
            : "");
  }

  private static String describe(List<TensorSpec> tensors) {
    return tensors.stream().map(TensorSpec::describe).collect(Collectors.joining(", "));
  }
}
