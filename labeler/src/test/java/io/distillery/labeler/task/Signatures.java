package io.distillery.labeler.task;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.binding.Binding;
import io.distillery.schemas.topics.TaskKind;
import java.util.List;

/** Signatures of the models that the labeler's tests bind, version "1" each. */
public final class Signatures {

  private static final TensorSpec TRANSCRIPT =
      new TensorSpec("TRANSCRIPT", DataType.BYTES, Shape.of(1));

  /** A classifier of 28x28 images: FP32 {@code [1, 28, 28]} in, 10 scores out, batches of 64. */
  public static final ModelSignature IMAGE_CLASSIFIER =
      single(
          "cnn",
          64,
          new TensorSpec("INPUT__0", DataType.FP32, Shape.of(1, 28, 28)),
          new TensorSpec("OUTPUT__0", DataType.FP32, Shape.of(10)));

  /**
   * A speech recognizer that takes the WAV file as one BYTES element, batches of 8, and answers the
   * transcript with its words and their confidences.
   */
  public static final ModelSignature WAV_RECOGNIZER =
      new ModelSignature(
          "asr",
          "1",
          8,
          List.of(new TensorSpec("AUDIO", DataType.BYTES, Shape.of(1))),
          List.of(
              TRANSCRIPT,
              new TensorSpec("WORDS", DataType.BYTES, Shape.of(-1)),
              new TensorSpec("CONFIDENCES", DataType.FP32, Shape.of(-1))));

  /** {@link #WAV_RECOGNIZER} that also gives each word's start and end ({@code [N,2]}). */
  public static final ModelSignature TIMED_RECOGNIZER =
      withOutput(WAV_RECOGNIZER, new TensorSpec("WORD_TIMES", DataType.FP32, Shape.of(-1, 2)));

  /** A speech recognizer that takes the FP32 samples of any length, batches of 8. */
  public static final ModelSignature SAMPLES_RECOGNIZER =
      single("ctc", 8, new TensorSpec("SAMPLES", DataType.FP32, Shape.of(-1)), TRANSCRIPT);

  private Signatures() {}

  /** The inferred image binding of {@code model}. */
  public static Binding image(ModelSignature model) {
    return Binder.bind(model, TaskKind.IMAGE, List.of());
  }

  /** The inferred speech binding of {@code model}. */
  public static Binding speech(ModelSignature model) {
    return Binder.bind(model, TaskKind.SPEECH, List.of());
  }

  /** {@code model} with one more output. */
  public static ModelSignature withOutput(ModelSignature model, TensorSpec output) {
    List<TensorSpec> outputs = new java.util.ArrayList<>(model.outputs());
    outputs.add(output);
    return new ModelSignature(
        model.name() + "-" + output.name().toLowerCase(java.util.Locale.ROOT),
        model.version(),
        model.maxBatchSize(),
        model.inputs(),
        outputs,
        model.platform(),
        model.decoupled(),
        model.parameters());
  }

  /** Model {@code name} of one input and one output. */
  public static ModelSignature single(
      String name, int maxBatchSize, TensorSpec input, TensorSpec output) {
    return new ModelSignature(name, "1", maxBatchSize, List.of(input), List.of(output));
  }
}
