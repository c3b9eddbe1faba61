package io.distillery.trainer.consumer;

import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.nio.file.Path;

/**
 * How the student is optimised and published.
 *
 * @param initialModel the untrained student's TorchScript
 * @param optimizer Adam or SGD
 * @param schedule the learning-rate schedule
 * @param loss the distillation loss of a classifier (null for the speech student, whose CTC loss is
 *     inside its module)
 * @param repository the model repository versions are published into, or null for none
 * @param modelName the student's name in the repository
 * @param publishTolerance how much worse a new version may be than the best one since the last
 *     rollback
 */
public record StudentSettings(
    Path initialModel,
    CheckpointableOptimizer.Kind optimizer,
    LearningRateSchedule schedule,
    DistillationLoss loss,
    Path repository,
    String modelName,
    double publishTolerance) {

  /** Validates the settings. */
  public StudentSettings {
    if (initialModel == null || optimizer == null || schedule == null) {
      throw new IllegalArgumentException("initial model, optimizer and schedule are required");
    }
    if (!(publishTolerance >= 0)) {
      throw new IllegalArgumentException("publish tolerance must be >= 0");
    }
  }

  /** A fresh optimiser for a run. */
  public CheckpointableOptimizer newOptimizer() {
    return new CheckpointableOptimizer(optimizer, schedule, 0);
  }
}
