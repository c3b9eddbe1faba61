/**
 * Word error rate: word-level alignment with NIST sclite's costs and tie-breaking, edit counts,
 * corpus and per-utterance WER, and sclite's trn transcript format. Pure Java, no Kafka.
 */
package io.distillery.asrmetrics.wer;
