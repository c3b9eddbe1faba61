package io.distillery.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.trainer.data.LabelledImages;

/**
 * Image classification on a {@link TorchScriptModule} whose input is {@code [B,1,H,W]} pixels in
 * [0, 1] and whose output is {@code [B,C]} logits.
 */
public final class ImageClassifier {

  private static final int EVAL_BATCH = 256;

  private ImageClassifier() {}

  /** The pixels of images {@code [from, to)} of the set as a {@code [n,1,H,W]} array. */
  public static NDArray batch(
      NDManager manager, LabelledImages images, int[] order, int from, int to) {
    int n = to - from;
    int size = images.imageSize();
    float[] data = new float[n * size];
    for (int i = 0; i < n; i++) {
      System.arraycopy(images.pixels(), order[from + i] * size, data, i * size, size);
    }
    return manager.create(data, new Shape(n, 1, images.rows(), images.cols()));
  }

  /** The fraction of images whose arg-max class equals the label. */
  public static double accuracy(TorchScriptModule module, LabelledImages images) {
    long[] predicted = predictions(module, images);
    long correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == images.labels()[i]) {
        correct++;
      }
    }
    return (double) correct / images.size();
  }

  /** The arg-max class of each image. */
  public static long[] predictions(TorchScriptModule module, LabelledImages images) {
    int[] order = new int[images.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    long[] predicted = new long[images.size()];
    for (int from = 0; from < images.size(); from += EVAL_BATCH) {
      int to = Math.min(images.size(), from + EVAL_BATCH);
      try (NDManager manager = module.newBatchManager()) {
        NDList out = module.predict(new NDList(batch(manager, images, order, from, to)));
        long[] batch = out.singletonOrThrow().argMax(1).toLongArray();
        System.arraycopy(batch, 0, predicted, from, batch.length);
      }
    }
    return predicted;
  }
}
