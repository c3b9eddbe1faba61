package io.distillery.filter.topology;

import io.distillery.filter.policy.FilterPolicy;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the filter app needs, validated at construction.
 *
 * @param topics the task's topics
 * @param policy the filter policy
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param stateDir where Kafka Streams keeps its local state
 * @param streamThreads stream threads in this instance
 * @param clientOverrides Kafka client settings passed through unchanged (security, timeouts;
 *     Streams' own prefixes such as {@code consumer.} and {@code producer.} work too)
 */
public record FilterConfig(
    TaskTopics topics,
    FilterPolicy policy,
    String bootstrapServers,
    String applicationId,
    Path stateDir,
    int streamThreads,
    Map<String, Object> clientOverrides) {

  /** Validates every field, saying what to fix. */
  public FilterConfig {
    if (topics == null || policy == null) {
      throw new IllegalArgumentException("filter config needs topics and a policy");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("filter config needs bootstrap servers");
    }
    if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "application id '" + applicationId + "' must be letters, digits, '.', '_' or '-'");
    }
    if (stateDir == null) {
      throw new IllegalArgumentException("filter config needs a state directory");
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be >= 1, got " + streamThreads);
    }
    clientOverrides = clientOverrides == null ? Map.of() : Map.copyOf(clientOverrides);
  }

  /** The usual config for {@code task}: application id {@code distillery-filter-<task>}. */
  public static FilterConfig of(
      TaskTopics topics, FilterPolicy policy, String bootstrapServers, Path stateDir) {
    return new FilterConfig(
        topics,
        policy,
        bootstrapServers,
        "distillery-filter-" + topics.task(),
        stateDir,
        1,
        Map.of());
  }

  /** The Kafka Streams settings: exactly-once v2, and the overrides on top. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.putAll(clientOverrides);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.putIfAbsent(StreamsConfig.producerPrefix("max.request.size"), topics.maxMessageBytes());
    p.putIfAbsent(
        StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), topics.maxMessageBytes());
    return p;
  }
}
