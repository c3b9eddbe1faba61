package io.distillery.trainer.data;

/**
 * One image distillation sample.
 *
 * @param id the record id
 * @param pixels row-major pixels in [0, 1]
 * @param pseudoLabel arg-max class of the teacher's probabilities
 * @param teacherProbabilities the teacher's soft label
 * @param hardLabel whether the cross-entropy term applies (false: soft target only)
 * @param weight the filter's sample weight
 */
public record ImageSample(
    String id,
    float[] pixels,
    int pseudoLabel,
    float[] teacherProbabilities,
    boolean hardLabel,
    float weight) {}
