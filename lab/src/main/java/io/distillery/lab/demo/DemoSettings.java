package io.distillery.lab.demo;

import io.distillery.lab.TaskSelection;
import java.nio.file.Path;

/**
 * What one demo run does, as the {@code demo} command's options say.
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
    int teacherEpochs) {}
