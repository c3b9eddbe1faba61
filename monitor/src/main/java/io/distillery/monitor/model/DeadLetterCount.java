package io.distillery.monitor.model;

/**
 * How many dead letters one stage wrote for one kind of error.
 *
 * @param stage the stage that gave up on the records
 * @param errorType the machine-readable kind (e.g. undecodable-payload)
 * @param count dead letters of this kind read so far
 */
public record DeadLetterCount(String stage, String errorType, long count) {}
