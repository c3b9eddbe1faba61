package io.distillery.trainer.checkpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a trainer had done when it wrote a checkpoint. The model file holds exactly the samples
 * before {@code nextOffsets}: a restart loads it and resumes reading at those offsets.
 *
 * @param task the task
 * @param topic the accepted topic the offsets belong to
 * @param nextOffsets partition to the offset of the first record not yet trained
 * @param step optimisation steps taken
 * @param samplesTrained fresh accepted samples trained (replayed ones not counted)
 * @param samplesReplayed replay-buffer samples mixed into batches
 * @param samplesDeadLettered accepted records sent to the dead-letter topic instead
 * @param idDigest sum of the 64-bit hashes of every trained record id: equal digests over the same
 *     ids mean each was trained exactly once
 * @param modelFile the TorchScript file, relative to the checkpoint folder
 * @param modelSha256 its SHA-256
 * @param optimizerFile the optimiser's moments (DJL NDList encoding), relative, or empty
 * @param optimizerStep the optimiser's step count (drives the schedule)
 * @param publishedVersion the last student version published (0 for none)
 * @param publishedMetric that version's evaluation metric (NaN for none)
 */
public record Checkpoint(
    String task,
    String topic,
    Map<Integer, Long> nextOffsets,
    long step,
    long samplesTrained,
    long samplesReplayed,
    long samplesDeadLettered,
    long idDigest,
    String modelFile,
    String modelSha256,
    String optimizerFile,
    int optimizerStep,
    long publishedVersion,
    double publishedMetric) {

  /** Copies the offsets into a sorted, unmodifiable map. */
  public Checkpoint {
    nextOffsets = java.util.Collections.unmodifiableMap(new TreeMap<>(nextOffsets));
  }

  /** The 64-bit hash a record id adds to {@link #idDigest}. */
  public static long idHash(String recordId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : recordId.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }
}
