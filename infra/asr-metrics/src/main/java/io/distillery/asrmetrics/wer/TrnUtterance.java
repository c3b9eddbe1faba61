package io.distillery.asrmetrics.wer;

/**
 * One line of a trn transcript file: {@code text (utterance-id)}.
 *
 * @param id the utterance id, without its parentheses
 * @param text the transcript, possibly empty
 */
public record TrnUtterance(String id, String text) {}
