package io.distillery.trainer.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import java.nio.file.Path;

/**
 * The demo students in tests: their TorchScript definitions, the speech student's answer, and their
 * weights as one vector to compare.
 */
public final class Students {

  private Students() {}

  /** The TorchScript definition of {@code model}, made once per build under target/models. */
  public static Path definition(DemoModel model) {
    return ModelDefinitions.inCache(Path.of("target", "models")).ensure(model);
  }

  /** The speech student's {@code [1, T', V]} log-probabilities for one utterance, flattened. */
  public static float[] logProbs(TorchScriptModule speechStudent, float[] audio) {
    try (NDManager manager = speechStudent.newBatchManager()) {
      return speechStudent
          .predict(
              new NDList(
                  manager.create(audio, new Shape(1, audio.length)),
                  manager.create(new long[] {audio.length})))
          .get(1)
          .toFloatArray();
    }
  }

  /** Every parameter of {@code module}, flattened in parameter order. */
  public static float[] weights(TorchScriptModule module) {
    java.util.List<float[]> parts = new java.util.ArrayList<>();
    int n = 0;
    for (var parameter : module.block().getParameters()) {
      float[] values = parameter.getValue().getArray().toFloatArray();
      parts.add(values);
      n += values.length;
    }
    float[] all = new float[n];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** The largest element-wise difference of two weight vectors of the same length. */
  public static double maxAbsDifference(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(a.length + " weights against " + b.length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
