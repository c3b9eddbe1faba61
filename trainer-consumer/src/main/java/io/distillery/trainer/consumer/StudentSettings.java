package io.distillery.trainer.consumer;

import io.distillery.claimcheck.BlobLocation;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.util.Optional;

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
 * @param remoteRepository an S3 repository ({@code s3://bucket/prefix}, Triton's layout) each
 *     version is also copied to before servers are asked to load it; {@code repository} is then the
 *     trainer's staging copy
 */
public record StudentSettings(
    Path initialModel,
    CheckpointableOptimizer.Kind optimizer,
    LearningRateSchedule schedule,
    DistillationLoss loss,
    Path repository,
    String modelName,
    double publishTolerance,
    Optional<BlobLocation.Bucket> remoteRepository) {

  /** Validates the settings. */
  public StudentSettings {
    if (initialModel == null || optimizer == null || schedule == null) {
      throw new IllegalArgumentException("initial model, optimizer and schedule are required");
    }
    if (!(publishTolerance >= 0)) {
      throw new IllegalArgumentException("publish tolerance must be >= 0");
    }
    remoteRepository = remoteRepository == null ? Optional.empty() : remoteRepository;
    if (remoteRepository.isPresent() && repository == null) {
      throw new IllegalArgumentException("an S3 repository needs a local repository to stage in");
    }
  }

  /** Settings that publish into a local repository only. */
  public StudentSettings(
      Path initialModel,
      CheckpointableOptimizer.Kind optimizer,
      LearningRateSchedule schedule,
      DistillationLoss loss,
      Path repository,
      String modelName,
      double publishTolerance) {
    this(
        initialModel,
        optimizer,
        schedule,
        loss,
        repository,
        modelName,
        publishTolerance,
        Optional.empty());
  }

  /** These settings, also publishing to the S3 repository {@code bucket}. */
  public StudentSettings withRemoteRepository(BlobLocation.Bucket bucket) {
    return new StudentSettings(
        initialModel,
        optimizer,
        schedule,
        loss,
        repository,
        modelName,
        publishTolerance,
        Optional.of(bucket));
  }

  /** A fresh optimiser for a run. */
  public CheckpointableOptimizer newOptimizer() {
    return new CheckpointableOptimizer(optimizer, schedule, 0);
  }
}
