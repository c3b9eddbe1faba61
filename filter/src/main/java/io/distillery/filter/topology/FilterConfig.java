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
    return of(topics, policy, bootstrapServers, stateDir, Map.of());
  }

  /** As {@link #of(TaskTopics, FilterPolicy, String, Path)}, with client settings on top. */
  public static FilterConfig of(
      TaskTopics topics,
      FilterPolicy policy,
      String bootstrapServers,
      Path stateDir,
      Map<String, Object> clientOverrides) {
    return new FilterConfig(
        topics,
        policy,
        bootstrapServers,
        "distillery-filter-" + topics.task(),
        stateDir,
        1,
        clientOverrides);
  }

  /** This config with {@code threads} stream threads in the instance. */
  public FilterConfig withStreamThreads(int threads) {
    return new FilterConfig(
        topics, policy, bootstrapServers, applicationId, stateDir, threads, clientOverrides);
  }

  /** Kafka Streams' commit interval under exactly-once when none is given: 100 ms. */
  static final long DEFAULT_COMMIT_INTERVAL_MS = 100;

  /**
   * The Kafka Streams settings: exactly-once v2, and the overrides on top.
   *
   * <p>Unless {@code poll.ms} is given, a stream thread waits for input at most a fifth of the
   * commit interval (Streams' default is 100 ms, as long as the exactly-once commit interval). A
   * thread commits only between polls, so with the default a batch processed just before the
   * interval ends waits for the next input or the whole poll before its transaction commits, and
   * its records reach the trainer up to twice the interval late: at half load the filter's hop was
   * its freshness tail.
   */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.putAll(clientOverrides);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Math.max(1, Math.min(100, commitMillis(p) / 5)));
    p.putIfAbsent(StreamsConfig.producerPrefix("max.request.size"), topics.maxMessageBytes());
    p.putIfAbsent(
        StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), topics.maxMessageBytes());
    return p;
  }

  private static long commitMillis(Properties p) {
    Object value =
        p.getOrDefault(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
    try {
      return Long.parseLong(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG
              + " must be a whole number of milliseconds, got '"
              + value
              + "'",
          e);
    }
  }
}
