package io.distillery.trainer.consumer;

import ai.djl.ndarray.NDList;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/** Moves the module and optimiser between a running trainer and its checkpoint store. */
final class CheckpointIo {

  private CheckpointIo() {}

  static Checkpoint save(
      CheckpointStore store,
      TrainingState state,
      String task,
      String topic,
      TorchScriptModule module,
      CheckpointableOptimizer optimizer)
      throws IOException {
    Map<String, String> nameOfId = new HashMap<>();
    module.parameterIdsByName().forEach((name, id) -> nameOfId.put(id, name));
    NDList moments = optimizer.exportState(nameOfId);
    try {
      // Before the first update there are no moments, and DJL cannot decode an empty NDList.
      return store.save(
          state.toCheckpoint(task, topic, optimizer.step()),
          module::write,
          moments.isEmpty() ? null : out -> moments.encode(out));
    } finally {
      moments.close();
    }
  }

  static void restoreOptimizer(
      CheckpointStore store,
      Checkpoint checkpoint,
      TorchScriptModule module,
      CheckpointableOptimizer optimizer) {
    if (checkpoint.optimizerFile().isEmpty()) {
      return;
    }
    try (InputStream in = Files.newInputStream(store.resolve(checkpoint.optimizerFile()))) {
      NDList moments = NDList.decode(module.manager(), in);
      optimizer.importState(
          moments, checkpoint.optimizerStep(), module.parameterIdsByName(), module.manager());
      moments.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read optimizer state of " + store.dir(), e);
    }
  }
}
