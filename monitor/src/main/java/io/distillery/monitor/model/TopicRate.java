package io.distillery.monitor.model;

/**
 * A topic's size and its write rate between the last two observations.
 *
 * @param topic topic name
 * @param endOffset sum of the end offsets of its partitions
 * @param perSecond offsets appended per second since the previous observation (0 on the first)
 */
public record TopicRate(String topic, long endOffset, double perSecond) {}
