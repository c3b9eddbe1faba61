package io.distillery.monitor.model;

/**
 * A topic's size and its write rate between the last two observations.
 *
 * @param topic topic name
 * @param records records in the topic: counted by reading it for topics written in transactions
 *     (their offsets include transaction markers and aborted records), offsets from start to end
 *     otherwise
 * @param perSecond records appended per second since the previous observation (0 on the first)
 */
public record TopicRate(String topic, long records, double perSecond) {}
