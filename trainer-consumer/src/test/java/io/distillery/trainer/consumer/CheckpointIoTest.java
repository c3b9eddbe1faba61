package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.models.DemoModel;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.engine.Students;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointIoTest {

  @TempDir Path dir;

  private final Path student = Students.definition(DemoModel.IMAGE_STUDENT);

  @Test
  void shouldResumeFromACheckpointTakenBeforeTheFirstUpdate() throws Exception {
    // A trainer whose first records were all dead-lettered checkpoints before any step.
    CheckpointStore store = new CheckpointStore(dir);
    try (TorchScriptModule module = TorchScriptModule.load(student, adam())) {
      CheckpointIo.save(store, new TrainingState(), "t", "t.accepted", module, adam());
    }
    Checkpoint checkpoint = store.latest().orElseThrow();
    assertThat(checkpoint.optimizerFile()).isEmpty();

    CheckpointableOptimizer restored = adam();
    try (TorchScriptModule module =
        TorchScriptModule.load(store.resolve(checkpoint.modelFile()), restored)) {
      CheckpointIo.restoreOptimizer(store, checkpoint, module, restored);
      assertThat(restored.step()).isZero();
    }
  }

  @Test
  void shouldRestoreTheOptimizerStepAfterUpdates() throws Exception {
    CheckpointStore store = new CheckpointStore(dir);
    CheckpointableOptimizer optimizer = adam();
    try (TorchScriptModule module = TorchScriptModule.load(student, optimizer);
        NDManager manager = module.newBatchManager()) {
      NDList images = new NDList(manager.ones(new Shape(2, 1, 28, 28)));
      module.trainStep(images, out -> out.singletonOrThrow().square().mean());
      module.trainStep(images, out -> out.singletonOrThrow().square().mean());
      CheckpointIo.save(store, new TrainingState(), "t", "t.accepted", module, optimizer);
    }
    Checkpoint checkpoint = store.latest().orElseThrow();

    CheckpointableOptimizer restored = adam();
    try (TorchScriptModule module =
        TorchScriptModule.load(store.resolve(checkpoint.modelFile()), restored)) {
      CheckpointIo.restoreOptimizer(store, checkpoint, module, restored);
      assertThat(checkpoint.optimizerFile()).isNotEmpty();
      assertThat(restored.step()).isEqualTo(2);
    }
  }

  private static CheckpointableOptimizer adam() {
    return new CheckpointableOptimizer(
        CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(1e-3f), 0);
  }
}
