package io.distillery.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/** Requests for the admin client's list-offsets call. */
public final class Offsets {

  private Offsets() {}

  /** The latest offset of every partition of the described topics. */
  public static Map<TopicPartition, OffsetSpec> latestOfEvery(
      Map<String, TopicDescription> topics) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    topics.forEach(
        (topic, description) ->
            description
                .partitions()
                .forEach(
                    p ->
                        request.put(
                            new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    return request;
  }
}
