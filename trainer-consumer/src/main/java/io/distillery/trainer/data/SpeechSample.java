package io.distillery.trainer.data;

/**
 * One speech distillation sample.
 *
 * @param id the record id
 * @param audio 16 kHz mono samples in [-1, 1]
 * @param tokens the teacher's transcript as vocabulary indices (no blanks)
 * @param weight the filter's sample weight
 */
public record SpeechSample(String id, float[] audio, int[] tokens, float weight) {}
