package io.distillery.trainer.data;

/**
 * A labelled utterance of a held-out set.
 *
 * @param id where it came from (file name or record id), for reports
 * @param audio 16 kHz mono samples in [-1, 1]
 * @param text the reference transcript, normalised to the student's vocabulary
 */
public record Utterance(String id, float[] audio, String text) {}
