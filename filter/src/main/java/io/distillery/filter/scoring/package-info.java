/**
 * Scorers: pure functions from a labeled record to named quality scores (supervised WER, proxy
 * agreement, confidence, hallucination signs, class probabilities, committee and student
 * agreement). No Kafka here; the policy turns scores into a decision.
 */
package io.distillery.filter.scoring;
