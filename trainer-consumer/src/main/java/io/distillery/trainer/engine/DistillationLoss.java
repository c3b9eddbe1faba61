package io.distillery.trainer.engine;

import ai.djl.ndarray.NDArray;

/**
 * The knowledge-distillation loss for classification, per sample {@code i}:
 *
 * <pre>
 *   loss_i = w_i * (ceWeight * hard_i * CE(logits_i, pseudoLabel_i)
 *                   + klWeight * T^2 * KL(teacher_i^(T) || softmax(logits_i / T)))
 * </pre>
 *
 * averaged over the batch. {@code teacher^(T)} is the teacher's probability vector re-tempered
 * ({@code p^(1/T)} renormalised, which equals softmax of the teacher's logits over T). {@code
 * hard_i} is 0 for records the filter marked soft-target-only. Distil-Whisper's code puts 0.8 on
 * the pseudo-label term and 1.0 on the KL term at T = 2; those are the defaults.
 *
 * @param temperature softmax temperature of the KL term
 * @param ceWeight weight of the pseudo-label cross-entropy
 * @param klWeight weight of the KL term
 */
public record DistillationLoss(float temperature, float ceWeight, float klWeight) {

  private static final float EPSILON = 1e-8f;

  /** Distil-Whisper's defaults: T = 2, 0.8 on cross-entropy, 1.0 on KL. */
  public static DistillationLoss distilWhisperDefaults() {
    return new DistillationLoss(2f, 0.8f, 1f);
  }

  /** Validates the settings. */
  public DistillationLoss {
    if (!(temperature > 0) || ceWeight < 0 || klWeight < 0 || ceWeight + klWeight == 0) {
      throw new IllegalArgumentException(
          "temperature must be positive and the weights non-negative, not both zero");
    }
  }

  /**
   * The batch loss.
   *
   * @param logits student logits {@code [B,C]}
   * @param pseudoLabels hard labels {@code [B]} (INT64)
   * @param teacherProbabilities teacher probabilities {@code [B,C]}
   * @param hardMask 1 where the cross-entropy term applies, else 0, {@code [B]}
   * @param sampleWeights the filter's weight of each sample {@code [B]}
   * @return a scalar
   */
  public NDArray compute(
      NDArray logits,
      NDArray pseudoLabels,
      NDArray teacherProbabilities,
      NDArray hardMask,
      NDArray sampleWeights) {
    NDArray perSample = perSample(logits, pseudoLabels, teacherProbabilities, hardMask);
    return perSample.mul(sampleWeights).mean();
  }

  /** The unweighted loss of each sample, {@code [B]}. */
  public NDArray perSample(
      NDArray logits, NDArray pseudoLabels, NDArray teacherProbabilities, NDArray hardMask) {
    NDArray ce =
        logits.logSoftmax(1).gather(pseudoLabels.reshape(-1, 1), 1).reshape(-1).neg().mul(hardMask);
    NDArray tempered = teacherProbabilities.clip(EPSILON, 1f).log().div(temperature);
    NDArray target = tempered.softmax(1);
    NDArray studentLog = logits.div(temperature).logSoftmax(1);
    NDArray kl = target.mul(target.clip(EPSILON, 1f).log().sub(studentLog)).sum(new int[] {1});
    return ce.mul(ceWeight).add(kl.mul(klWeight * temperature * temperature));
  }
}
