/**
 * The labeler's Kafka side: a consumer and a transactional producer in a read-process-write loop
 * (read_committed, offsets sent in the same transaction as the labels and dead letters), with
 * partitions paused while the in-flight budget is spent.
 */
package io.distillery.labeler.stage;
