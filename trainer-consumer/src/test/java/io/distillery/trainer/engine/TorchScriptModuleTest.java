package io.distillery.trainer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.models.DemoModel;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptModuleTest {

  @TempDir Path dir;

  @Test
  void shouldContinueTrainingIdenticallyAfterAWriteAndReload() throws Exception {
    // The image student: the speech student's libtorch steps turn NaN now and then (see
    // SpeechDistillation), which would make this exact comparison flaky.
    Path student = Students.definition(DemoModel.IMAGE_STUDENT);
    Path afterOneStep = dir.resolve("one-step.pt");
    float[] initial;
    float[] twoSteps;
    float[] oneStepFromOneStep;
    try (NDManager data = NDManager.newBaseManager("PyTorch")) {
      NDArray images =
          data.randomUniform(
              0f, 1f, new Shape(4, 1, 28, 28), ai.djl.ndarray.types.DataType.FLOAT32);
      // Two plain SGD steps on one module (checkpoint and resume must not change training)...
      try (TorchScriptModule module = TorchScriptModule.load(student, sgd())) {
        initial = Students.weights(module);
        step(module, images);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        module.write(out);
        Files.write(afterOneStep, out.toByteArray());
        step(module, images);
        twoSteps = Students.weights(module);
      }
      // ...equal one step on a fresh module that starts where the first step ended.
      try (TorchScriptModule module = TorchScriptModule.load(afterOneStep, sgd())) {
        step(module, images);
        oneStepFromOneStep = Students.weights(module);
      }
    }
    // Element by element: AssertJ's containsExactly with an offset diffs lists in quadratic time,
    // which does not finish on 100,000 weights.
    assertThat(twoSteps).hasSameSizeAs(oneStepFromOneStep);
    assertThat(Students.maxAbsDifference(twoSteps, initial))
        .as("the steps moved the weights")
        .isGreaterThan(1e-3);
    assertThat(Students.maxAbsDifference(twoSteps, oneStepFromOneStep)).isLessThanOrEqualTo(1e-5);
  }

  @Test
  void twoModulesTrainInParallelThreadsOfOneProcess() throws Exception {
    Path student = Students.definition(DemoModel.IMAGE_STUDENT);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try (NDManager data = NDManager.newBaseManager("PyTorch");
        TorchScriptModule first = TorchScriptModule.load(student, sgd());
        TorchScriptModule second = TorchScriptModule.load(student, sgd())) {
      NDArray images =
          data.randomUniform(
              0f, 1f, new Shape(4, 1, 28, 28), ai.djl.ndarray.types.DataType.FLOAT32);
      float[] before = Students.weights(second);
      java.util.List<java.util.concurrent.Future<?>> runs = new java.util.ArrayList<>();
      for (TorchScriptModule module : java.util.List.of(first, second)) {
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 30; i++) {
                    step(module, images);
                  }
                }));
      }
      for (var run : runs) {
        run.get(); // rethrows a step that failed, e.g. on a collector already collecting
      }
      assertThat(Students.maxAbsDifference(Students.weights(second), before)).isGreaterThan(1e-3);
    } finally {
      pool.shutdownNow();
    }
  }

  static void step(TorchScriptModule module, NDArray images) {
    try (NDManager manager = module.newBatchManager()) {
      NDArray batch = images.duplicate();
      batch.attach(manager);
      NDArray labels = manager.create(new long[] {0, 3, 7, 9});
      module.trainStep(
          new NDList(batch),
          out ->
              out.singletonOrThrow().logSoftmax(1).gather(labels.reshape(-1, 1), 1).neg().mean());
    }
  }

  /** The image student's logits for one image of ones. */
  private static float[] answerToOnes(TorchScriptModule module, NDManager manager) {
    return module
        .predict(new NDList(manager.ones(new Shape(1, 1, 28, 28))))
        .singletonOrThrow()
        .toFloatArray();
  }

  static ai.djl.training.optimizer.Optimizer sgd() {
    return ai.djl.training.optimizer.Optimizer.sgd()
        .setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(0.05f))
        .build();
  }

  @Test
  void shouldWriteTorchScriptThatLoadsBackWithTheTrainedWeights() throws Exception {
    Path student = Students.definition(DemoModel.IMAGE_STUDENT);
    Path copy = dir.resolve("copy.pt");
    float[] before;
    try (TorchScriptModule module = TorchScriptModule.loadForInference(student);
        NDManager manager = module.newBatchManager()) {
      before = answerToOnes(module, manager);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      module.write(out);
      Files.write(copy, out.toByteArray());
    }
    try (TorchScriptModule loaded = TorchScriptModule.loadForInference(copy);
        NDManager manager = loaded.newBatchManager()) {
      float[] after = answerToOnes(loaded, manager);
      assertThat(after).containsExactly(before, org.assertj.core.data.Offset.offset(1e-6f));
      assertThat(Files.readAllBytes(copy)).startsWith(new byte[] {'P', 'K'});
    }
  }
}
