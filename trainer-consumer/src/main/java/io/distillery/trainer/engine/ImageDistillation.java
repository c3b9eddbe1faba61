package io.distillery.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.trainer.data.ImageSample;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Image-classification distillation: the {@link DistillationLoss} on the student's logits,
 * evaluated as accuracy on a labelled held-out set.
 */
public final class ImageDistillation implements Objective<ImageSample> {

  /** Held-out images the collapse check classifies. */
  static final int PROBE_IMAGES = 256;

  private final ImageSamples samples;
  private final DistillationLoss loss;
  private final LabelledImages heldOut;

  /**
   * @param samples how records become samples
   * @param loss the distillation loss
   * @param heldOut labelled images for evaluation
   */
  public ImageDistillation(ImageSamples samples, DistillationLoss loss, LabelledImages heldOut) {
    this.samples = samples;
    this.loss = loss;
    this.heldOut = heldOut;
  }

  @Override
  public List<ImageSample> decode(ScoredRecord record, byte[] payload)
      throws RefusedRecordException {
    return List.of(samples.toSample(record, payload));
  }

  @Override
  public String id(ImageSample sample) {
    return sample.id();
  }

  @Override
  public float step(TorchScriptModule module, List<ImageSample> batch) {
    int n = batch.size();
    int pixels = batch.get(0).pixels().length;
    int classes = batch.get(0).teacherProbabilities().length;
    float[] images = new float[n * pixels];
    float[] soft = new float[n * classes];
    long[] labels = new long[n];
    float[] hard = new float[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      ImageSample s = batch.get(i);
      System.arraycopy(s.pixels(), 0, images, i * pixels, pixels);
      System.arraycopy(s.teacherProbabilities(), 0, soft, i * classes, classes);
      labels[i] = s.pseudoLabel();
      hard[i] = s.hardLabel() ? 1f : 0f;
      weights[i] = s.weight();
    }
    int side = (int) Math.round(Math.sqrt(pixels));
    try (NDManager manager = module.newBatchManager()) {
      NDArray input = manager.create(images, new Shape(n, 1, side, pixels / side));
      NDArray pseudo = manager.create(labels);
      NDArray teacher = manager.create(soft, new Shape(n, classes));
      NDArray mask = manager.create(hard);
      NDArray w = manager.create(weights);
      return module.trainStep(
          new NDList(input), out -> loss.compute(out.singletonOrThrow(), pseudo, teacher, mask, w));
    }
  }

  /**
   * The image student contract: {@code forward} takes FP32 {@code [B, 1, rows, cols]} pixels in
   * 0..1 and returns FP32 {@code [B, classes]} finite logits; every parameter is trained.
   */
  @Override
  public void checkStudent(TorchScriptModule module) {
    int rows = samples.rows();
    int cols = samples.cols();
    String expected =
        String.format(
            Locale.ROOT,
            "an image student takes FP32 [B, 1, %d, %d] pixels in 0..1 and returns FP32 [B, %d]"
                + " logits",
            rows,
            cols,
            samples.classes());
    float[] probe = new float[2 * rows * cols];
    for (int i = 0; i < probe.length; i++) {
      probe[i] = (i % 7) / 7f;
    }
    try (NDManager manager = module.newBatchManager()) {
      NDList out;
      try {
        out = module.predict(new NDList(manager.create(probe, new Shape(2, 1, rows, cols))));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            expected + "; this one fails on such a batch: " + e.getMessage(), e);
      }
      out.attach(manager);
      if (out.isEmpty()) {
        throw new IllegalArgumentException(expected + "; this one returns nothing");
      }
      NDArray logits = out.get(0);
      if (!logits.getShape().equals(new Shape(2, samples.classes()))
          || logits.getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            expected
                + "; this one returns "
                + logits.getDataType()
                + " "
                + logits.getShape()
                + " for a batch of 2");
      }
      for (float v : logits.toFloatArray()) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(expected + "; this one returns NaN or infinity");
        }
      }
    }
    if (module.parameterCount() == 0) {
      throw new IllegalArgumentException(expected + " with trainable parameters; this has none");
    }
  }

  @Override
  public Metric evaluate(TorchScriptModule module) {
    return new Metric("accuracy", ImageClassifier.accuracy(module, heldOut), true);
  }

  @Override
  public int distinctOutputs(TorchScriptModule module) {
    if (heldOut.size() == 0) {
      return -1;
    }
    LabelledImages probe = heldOut.head(Math.min(heldOut.size(), PROBE_IMAGES));
    return (int) Arrays.stream(ImageClassifier.predictions(module, probe)).distinct().count();
  }
}
