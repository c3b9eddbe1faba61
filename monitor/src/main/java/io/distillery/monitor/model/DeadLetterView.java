package io.distillery.monitor.model;

/**
 * One recent dead letter, as a person reads it.
 *
 * @param stage the stage that gave up on the record
 * @param errorType the machine-readable kind
 * @param reason what went wrong
 * @param recordId the record's id when known
 * @param failedAt epoch millis
 */
public record DeadLetterView(
    String stage, String errorType, String reason, String recordId, long failedAt) {}
