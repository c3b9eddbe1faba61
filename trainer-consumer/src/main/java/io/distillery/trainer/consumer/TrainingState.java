package io.distillery.trainer.consumer;

import io.distillery.trainer.checkpoint.Checkpoint;
import java.util.HashMap;
import java.util.Map;

/**
 * The counters and offsets of a training run, restored from a checkpoint and advanced record by
 * record. The offsets are those of records already trained or dead-lettered; a checkpoint is only
 * taken when no record is waiting in a partial batch, so they match the model exactly.
 */
final class TrainingState {

  final Map<Integer, Long> nextOffsets = new HashMap<>();
  long step;
  long samplesTrained;
  long samplesReplayed;
  long samplesDeadLettered;
  long idDigest;
  long publishedVersion;
  double publishedMetric = Double.NaN;

  static TrainingState from(Checkpoint checkpoint) {
    TrainingState state = new TrainingState();
    state.nextOffsets.putAll(checkpoint.nextOffsets());
    state.step = checkpoint.step();
    state.samplesTrained = checkpoint.samplesTrained();
    state.samplesReplayed = checkpoint.samplesReplayed();
    state.samplesDeadLettered = checkpoint.samplesDeadLettered();
    state.idDigest = checkpoint.idDigest();
    state.publishedVersion = checkpoint.publishedVersion();
    state.publishedMetric = checkpoint.publishedMetric();
    return state;
  }

  void consumed(int partition, long offset) {
    nextOffsets.put(partition, offset + 1);
  }

  Checkpoint toCheckpoint(String task, String topic, int optimizerStep) {
    return new Checkpoint(
        task,
        topic,
        nextOffsets,
        step,
        samplesTrained,
        samplesReplayed,
        samplesDeadLettered,
        idDigest,
        "",
        "",
        "",
        optimizerStep,
        publishedVersion,
        publishedMetric);
  }
}
