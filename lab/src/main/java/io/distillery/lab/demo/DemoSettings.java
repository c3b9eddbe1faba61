package io.distillery.lab.demo;

import io.distillery.lab.TaskSelection;
import java.nio.file.Path;

/**
 * What one demo run does, as the {@code demo} command's options say. Build it by name with {@link
 * #builder(Path)}, which starts from the command's defaults.
 *
 * @param workDir where the run keeps its broker data, state, logs and report
 * @param tasks which tasks run
 * @param images Fashion-MNIST training images streamed
 * @param utterances synthetic utterances streamed
 * @param port the embedded broker's port (0: any free one)
 * @param partitions partitions of each data topic
 * @param durationSeconds when the run stops even with records in flight
 * @param evaluateEvery trainer steps between evaluations
 * @param evalImages test images each image evaluation uses
 * @param evalUtterances held-out utterances each speech evaluation uses
 * @param replayRatio replayed samples per fresh sample
 * @param imageWeightAverage the decay of the moving average of the image student's weights that is
 *     evaluated and published (0: the trained weights themselves)
 * @param seed the students' initial weights and the replay reservoir's sampling
 * @param speechIdleReplayEpochs the speech trainer's idle replay, in passes over its reservoir
 * @param keepRunning whether the pipeline stays up after the report
 * @param teacherEpochs epochs of the image teacher's training when the repository has none yet
 */
public record DemoSettings(
    Path workDir,
    TaskSelection tasks,
    int images,
    int utterances,
    int port,
    int partitions,
    long durationSeconds,
    int evaluateEvery,
    int evalImages,
    int evalUtterances,
    double replayRatio,
    double imageWeightAverage,
    long seed,
    double speechIdleReplayEpochs,
    boolean keepRunning,
    int teacherEpochs) {

  /** Settings for a run in {@code workDir}, starting from the {@code demo} command's defaults. */
  public static Builder builder(Path workDir) {
    return new Builder(workDir);
  }

  /** Builds {@link DemoSettings} by name; every value starts at the demo command's default. */
  public static final class Builder {
    private final Path workDir;
    private TaskSelection tasks = TaskSelection.ALL;
    private int images = 60_000;
    private int utterances = 200;
    private int port;
    private int partitions = 3;
    private long durationSeconds = 1200;
    private int evaluateEvery = 25;
    private int evalImages = 2000;
    private int evalUtterances = 30;
    private double replayRatio = 1.0;
    private double imageWeightAverage = 0.99;
    private long seed = 7;
    private double speechIdleReplayEpochs = 60;
    private boolean keepRunning;
    private int teacherEpochs = 3;

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    /** Which tasks run. */
    public Builder tasks(TaskSelection value) {
      tasks = value;
      return this;
    }

    /** How many training images and synthetic utterances are streamed. */
    public Builder stream(int trainingImages, int syntheticUtterances) {
      images = trainingImages;
      utterances = syntheticUtterances;
      return this;
    }

    /** The embedded broker's port (0: any free one) and the partitions of each data topic. */
    public Builder broker(int brokerPort, int topicPartitions) {
      port = brokerPort;
      partitions = topicPartitions;
      return this;
    }

    /** When the run stops even with records in flight. */
    public Builder stopAfterSeconds(long seconds) {
      durationSeconds = seconds;
      return this;
    }

    /** Trainer steps between evaluations and what each image and speech evaluation uses. */
    public Builder evaluation(int everySteps, int testImages, int heldOutUtterances) {
      evaluateEvery = everySteps;
      evalImages = testImages;
      evalUtterances = heldOutUtterances;
      return this;
    }

    /**
     * Replayed samples per fresh sample, and the speech trainer's idle replay in passes over its
     * reservoir.
     */
    public Builder replay(double ratio, double speechIdleEpochs) {
      replayRatio = ratio;
      speechIdleReplayEpochs = speechIdleEpochs;
      return this;
    }

    /** The decay of the image student's weight average (0: the trained weights themselves). */
    public Builder imageWeightAverage(double decay) {
      imageWeightAverage = decay;
      return this;
    }

    /** The students' initial weights and the replay reservoir's sampling. */
    public Builder seed(long value) {
      seed = value;
      return this;
    }

    /** Whether the pipeline stays up after the report. */
    public Builder keepRunning(boolean value) {
      keepRunning = value;
      return this;
    }

    /** Epochs of the image teacher's training when the repository has none yet. */
    public Builder teacherEpochs(int epochs) {
      teacherEpochs = epochs;
      return this;
    }

    /** The settings. */
    public DemoSettings build() {
      return new DemoSettings(
          workDir,
          tasks,
          images,
          utterances,
          port,
          partitions,
          durationSeconds,
          evaluateEvery,
          evalImages,
          evalUtterances,
          replayRatio,
          imageWeightAverage,
          seed,
          speechIdleReplayEpochs,
          keepRunning,
          teacherEpochs);
    }
  }
}
