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
 * @param collapseCheckFromStep the step from which the student's answers on its probe count for the
 *     collapse check: a new student's random answers, and its first steps' (often one class, one
 *     transcript or none, while it finds its feet), are no baseline
 * @param weightAverageDecay with a decay in (0, 1), evaluations and published versions use an
 *     exponential moving average of the weights (updated after every step) instead of the trained
 *     weights, which keep training; the average starts again at the trained weights after a restart
 *     (0: off)
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
    List<io.distillery.claimcheck.BlobLocation> blobRoots,
    long maxPayloadBytes,
    double idleReplayEpochs,
    long collapseCheckFromStep,
    float weightAverageDecay) {

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
    require(collapseCheckFromStep >= 0, "the collapse check's first step must be >= 0");
    require(
        weightAverageDecay >= 0 && weightAverageDecay < 1,
        "the weight average's decay must be in [0, 1)");
    kafkaProperties = Map.copyOf(kafkaProperties);
    blobRoots = List.copyOf(blobRoots);
  }

  /**
   * A builder with what every trainer needs; everything else has the command line's defaults:
   * batches of 32 lingering 500 ms, a checkpoint every 50 steps, an evaluation every 200, a
   * reservoir of 5000 samples replayed 0.25 per fresh one (seed 7), no claim-check roots (64 MiB
   * largest payload), no idle replay, no Kafka overrides, the collapse check from step {@value
   * #DEFAULT_COLLAPSE_CHECK_FROM_STEP}.
   */
  /** The default first step of the collapse check: that of the first default evaluation. */
  public static final long DEFAULT_COLLAPSE_CHECK_FROM_STEP = 200;

  public static Builder builder(String task, String bootstrapServers, Path checkpointDir) {
    return new Builder(task, bootstrapServers, checkpointDir);
  }

  /** Builds a {@link TrainerConfig} by name; {@link #build()} validates. */
  public static final class Builder {
    private final String task;
    private final String bootstrapServers;
    private final Path checkpointDir;
    private Map<String, Object> kafkaProperties = Map.of();
    private int batchSize = 32;
    private Duration linger = Duration.ofMillis(500);
    private int checkpointEverySteps = 50;
    private int evaluateEverySteps = 200;
    private int replayCapacity = 5000;
    private double replayRatio = 0.25;
    private long seed = 7;
    private List<io.distillery.claimcheck.BlobLocation> blobRoots = List.of();
    private long maxPayloadBytes = 64L << 20;
    private double idleReplayEpochs;
    private float weightAverageDecay;
    private long collapseCheckFromStep = DEFAULT_COLLAPSE_CHECK_FROM_STEP;

    private Builder(String task, String bootstrapServers, Path checkpointDir) {
      this.task = task;
      this.bootstrapServers = bootstrapServers;
      this.checkpointDir = checkpointDir;
    }

    /** Kafka client settings passed through unchanged. */
    public Builder kafkaProperties(Map<String, Object> value) {
      kafkaProperties = value;
      return this;
    }

    /** Fresh samples per step, and how long a partial batch waits for more. */
    public Builder batch(int size, Duration lingerForPartialBatch) {
      batchSize = size;
      linger = lingerForPartialBatch;
      return this;
    }

    /** Steps between checkpoints and between evaluations (0: never evaluate). */
    public Builder every(int checkpointSteps, int evaluateSteps) {
      checkpointEverySteps = checkpointSteps;
      evaluateEverySteps = evaluateSteps;
      return this;
    }

    /** The replay reservoir: its capacity, replayed samples per fresh one, and its seed. */
    public Builder replay(int capacity, double ratio, long replaySeed) {
      replayCapacity = capacity;
      replayRatio = ratio;
      seed = replaySeed;
      return this;
    }

    /** Folders claim checks may point into, and the largest payload fetched. */
    public Builder claimChecks(List<Path> roots, long maxBytes) {
      return claimCheckLocations(
          io.distillery.claimcheck.BlobLocation.directories(roots), maxBytes);
    }

    /**
     * Locations (directories or S3 bucket prefixes) claim checks may point into, and the largest
     * payload fetched.
     */
    public Builder claimCheckLocations(
        List<io.distillery.claimcheck.BlobLocation> roots, long maxBytes) {
      blobRoots = roots;
      maxPayloadBytes = maxBytes;
      return this;
    }

    /** Passes over the reservoir replayed while no record arrives (0: wait idle). */
    public Builder idleReplayEpochs(double epochs) {
      idleReplayEpochs = epochs;
      return this;
    }

    /** Evaluate and publish a moving average of the weights with this decay (0: off). */
    public Builder weightAverage(float decay) {
      weightAverageDecay = decay;
      return this;
    }

    /** The step from which a student giving one answer on its probe counts as collapsed. */
    public Builder collapseCheckFromStep(long step) {
      collapseCheckFromStep = step;
      return this;
    }

    /** The validated configuration. */
    public TrainerConfig build() {
      return new TrainerConfig(
          task,
          bootstrapServers,
          kafkaProperties,
          batchSize,
          linger,
          checkpointEverySteps,
          evaluateEverySteps,
          replayCapacity,
          replayRatio,
          seed,
          checkpointDir,
          blobRoots,
          maxPayloadBytes,
          idleReplayEpochs,
          collapseCheckFromStep,
          weightAverageDecay);
    }
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
