package io.distillery.trainer.consumer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The trainer-consumer's configuration, validated when built.
 *
 * @param task the task whose {@code <task>.accepted} topic is read
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafkaProperties client settings passed through unchanged (security, timeouts...)
 * @param batchSize fresh samples per optimisation step
 * @param lingerForPartialBatch how long a partial batch waits for more records before training
 * @param checkpointEverySteps steps between checkpoints (also written when the stream is idle)
 * @param evaluateEverySteps steps between evaluations (0: never)
 * @param replayCapacity samples the replay reservoir holds (0: no replay)
 * @param replayRatio replayed samples per fresh sample
 * @param seed seed for the replay buffer
 * @param checkpointDir where checkpoints go
 * @param blobRoots folders claim-check URIs may point into
 * @param maxPayloadBytes largest payload fetched by claim check
 * @param idleReplayEpochs while no record arrives, keep training on the replay reservoir alone
 *     until it has replayed this many times the samples it was offered in this run (0: never; the
 *     reservoir starts empty after a restart, so a restart does not replay what was trained before
 *     it)
 */
public record TrainerConfig(
    String task,
    String bootstrapServers,
    Map<String, Object> kafkaProperties,
    int batchSize,
    Duration lingerForPartialBatch,
    int checkpointEverySteps,
    int evaluateEverySteps,
    int replayCapacity,
    double replayRatio,
    long seed,
    Path checkpointDir,
    List<Path> blobRoots,
    long maxPayloadBytes,
    double idleReplayEpochs) {

  /** Validates the configuration; the messages say what to fix. */
  public TrainerConfig {
    require(task != null && !task.isBlank(), "--task is required");
    require(
        bootstrapServers != null && !bootstrapServers.isBlank(), "--bootstrap-servers is required");
    require(batchSize >= 1, "batch size must be at least 1");
    require(checkpointEverySteps >= 1, "checkpoint interval must be at least 1 step");
    require(evaluateEverySteps >= 0, "evaluation interval must be >= 0");
    require(replayCapacity >= 0 && replayRatio >= 0, "replay capacity and ratio must be >= 0");
    require(checkpointDir != null, "a checkpoint folder is required");
    require(maxPayloadBytes > 0, "max payload bytes must be positive");
    require(
        idleReplayEpochs >= 0 && Double.isFinite(idleReplayEpochs),
        "idle replay epochs must be a finite number >= 0");
    kafkaProperties = Map.copyOf(kafkaProperties);
    blobRoots = List.copyOf(blobRoots);
  }

  /** A configuration without idle replay. */
  public TrainerConfig(
      String task,
      String bootstrapServers,
      Map<String, Object> kafkaProperties,
      int batchSize,
      Duration lingerForPartialBatch,
      int checkpointEverySteps,
      int evaluateEverySteps,
      int replayCapacity,
      double replayRatio,
      long seed,
      Path checkpointDir,
      List<Path> blobRoots,
      long maxPayloadBytes) {
    this(
        task,
        bootstrapServers,
        kafkaProperties,
        batchSize,
        lingerForPartialBatch,
        checkpointEverySteps,
        evaluateEverySteps,
        replayCapacity,
        replayRatio,
        seed,
        checkpointDir,
        blobRoots,
        maxPayloadBytes,
        0);
  }

  /** This configuration with {@code epochs} of idle replay. */
  public TrainerConfig withIdleReplayEpochs(double epochs) {
    return new TrainerConfig(
        task,
        bootstrapServers,
        kafkaProperties,
        batchSize,
        lingerForPartialBatch,
        checkpointEverySteps,
        evaluateEverySteps,
        replayCapacity,
        replayRatio,
        seed,
        checkpointDir,
        blobRoots,
        maxPayloadBytes,
        epochs);
  }

  /** The consumer group the trainer commits its checkpointed offsets to (for lag monitoring). */
  public String groupId() {
    return "distillery-trainer-" + task;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
