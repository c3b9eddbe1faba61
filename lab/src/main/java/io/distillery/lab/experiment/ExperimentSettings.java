package io.distillery.lab.experiment;

import io.distillery.lab.TaskSelection;
import java.nio.file.Path;

/**
 * What one {@code distillery experiment} run does, as the command's options say.
 *
 * @param workDir broker data, models, synthetic speech and the report
 * @param tasks which tasks run
 * @param images unlabelled training images in the fmnist stream
 * @param weakTeacherImages labelled images the weak fmnist teacher and each committee peer see
 * @param weakTeacherEpochs epochs of the weak teacher's training
 * @param imageSteps optimisation steps of every fmnist arm
 * @param imageBatch fmnist batch size
 * @param evalImages test images each evaluation uses
 * @param utterances synthetic utterances in the asr-en stream
 * @param heldOutUtterances held-out utterances of unseen sentences
 * @param speechSteps optimisation steps of every asr-en arm
 * @param speechBatch asr-en batch size
 * @param partitions partitions of each topic
 * @param labelTimeoutSeconds how long labeling a stream may take
 * @param seeds students trained per arm, each from its own initial weights and sample order (seeds
 *     7, 8, ...), so that every arm's result is a mean with its spread
 */
public record ExperimentSettings(
    Path workDir,
    TaskSelection tasks,
    int images,
    int weakTeacherImages,
    int weakTeacherEpochs,
    int imageSteps,
    int imageBatch,
    int evalImages,
    int utterances,
    int heldOutUtterances,
    int speechSteps,
    int speechBatch,
    int partitions,
    long labelTimeoutSeconds,
    int seeds) {

  /** Validates the seeds. */
  public ExperimentSettings {
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    }
  }

  /** The seeds every arm trains with: 7, 8, ... */
  public java.util.List<Long> seedList() {
    return java.util.stream.LongStream.range(FIRST_SEED, FIRST_SEED + seeds).boxed().toList();
  }

  /** The first seed, the one a single-seed run uses. */
  public static final long FIRST_SEED = 7;
}
