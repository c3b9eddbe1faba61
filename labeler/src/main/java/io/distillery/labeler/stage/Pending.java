package io.distillery.labeler.stage;

import io.distillery.schemas.avro.RawRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A raw record taken in and not yet written out.
 *
 * @param source the consumed record
 * @param generation the partition generation it was taken in (stale after a rewind or revoke)
 * @param raw the decoded record (its payload becomes inference inputs when its batch is sent)
 */
record Pending(ConsumerRecord<byte[], byte[]> source, long generation, RawRecord raw) {

  TopicPartition partition() {
    return new TopicPartition(source.topic(), source.partition());
  }

  long bytes() {
    return source.value() == null ? 0 : source.value().length;
  }
}
