package io.distillery.asrmetrics.wer;

/**
 * The edit counts of one utterance.
 *
 * @param id the utterance id
 * @param counts its edit counts; {@link EditCounts#wer()} is its per-utterance WER
 */
public record UtteranceScore(String id, EditCounts counts) {}
