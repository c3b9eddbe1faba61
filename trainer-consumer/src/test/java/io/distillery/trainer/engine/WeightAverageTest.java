package io.distillery.trainer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.distillery.models.DemoModel;
import org.junit.jupiter.api.Test;

/** The moving average of a real libtorch student's weights, swapped in and out. */
class WeightAverageTest {

  @Test
  void shouldAverageTheWeightsOfEachStepAndPutTheTrainedOnesBack() throws Exception {
    try (NDManager data = NDManager.newBaseManager("PyTorch");
        TorchScriptModule module =
            TorchScriptModule.load(
                Students.definition(DemoModel.IMAGE_STUDENT), TorchScriptModuleTest.sgd())) {
      NDArray images = data.randomUniform(0f, 1f, new Shape(4, 1, 28, 28), DataType.FLOAT32);
      float[] start = Students.weights(module);
      try (WeightAverage average = new WeightAverage(module, 0.75f)) {
        TorchScriptModuleTest.step(module, images);
        average.update();
        float[] once = Students.weights(module);
        TorchScriptModuleTest.step(module, images);
        average.update();
        float[] twice = Students.weights(module);

        float[] averaged = average.withAverage(() -> Students.weights(module));

        float[] expected = new float[start.length];
        for (int i = 0; i < expected.length; i++) {
          float first = 0.75f * start[i] + 0.25f * once[i];
          expected[i] = 0.75f * first + 0.25f * twice[i];
        }
        assertThat(Students.maxAbsDifference(averaged, expected))
            .as("0.75 of the old average and 0.25 of the new weights, at each update")
            .isLessThan(1e-6);
        assertThat(Students.maxAbsDifference(averaged, twice))
            .as("the average lags the trained weights")
            .isGreaterThan(1e-4);
        assertThat(Students.weights(module))
            .as("the trained weights are back, exactly")
            .containsExactly(twice);
        assertThat(average.updates()).isEqualTo(2);
        TorchScriptModuleTest.step(module, images);
        assertThat(Students.maxAbsDifference(Students.weights(module), twice))
            .as("training goes on from the trained weights")
            .isGreaterThan(1e-4);
      }
    }
  }

  @Test
  void shouldRefuseADecayOutsideZeroToOne() throws Exception {
    try (TorchScriptModule module =
        TorchScriptModule.loadForInference(Students.definition(DemoModel.IMAGE_STUDENT))) {
      assertThatThrownBy(() -> new WeightAverage(module, 1f))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new WeightAverage(module, -0.1f))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
