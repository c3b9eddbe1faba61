package io.distillery.trainer.engine;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import java.nio.file.Path;

/** The demo students in tests: their TorchScript definitions and the speech student's answer. */
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
}
