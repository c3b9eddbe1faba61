package io.distillery.filter.topology;

import io.distillery.kafka.acl.MissingPermission;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running filter: the topology in a {@link KafkaStreams} instance, closed on {@link #close}. */
public final class FilterApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FilterApp.class);

  private final FilterConfig config;
  private final KafkaStreams streams;
  private final java.util.concurrent.CompletableFuture<KafkaStreams.State> failed;

  private FilterApp(
      FilterConfig config,
      KafkaStreams streams,
      java.util.concurrent.CompletableFuture<KafkaStreams.State> failed) {
    this.config = config;
    this.streams = streams;
    this.failed = failed;
  }

  /** Builds the topology for {@code config} and starts it. */
  public static FilterApp start(FilterConfig config, MeterRegistry registry) {
    KafkaStreams streams =
        new KafkaStreams(FilterTopology.build(config, registry), config.streamsProperties());
    streams.setUncaughtExceptionHandler(
        e -> {
          RuntimeException explained =
              MissingPermission.explain(
                  e instanceof RuntimeException r ? r : new IllegalStateException(e),
                  "filter",
                  config.topics().task(),
                  new MissingPermission.StageTopics(
                      java.util.Set.of(config.topics().labeled()),
                      java.util.Set.of(
                          config.topics().accepted(),
                          config.topics().rejected(),
                          config.topics().dlq()),
                      config.applicationId() + "-"),
                  config.applicationId() + "-*");
          LOG.error(
              "Filter for task {} stopped: {}",
              config.topics().task(),
              explained == e ? "an unexpected error" : explained.getMessage(),
              e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    java.util.concurrent.CompletableFuture<KafkaStreams.State> failed =
        new java.util.concurrent.CompletableFuture<>();
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR) {
            failed.complete(now);
          }
        });
    streams.start();
    LOG.info(
        "Filter for task {} started: {} -> {} | {} | {}, policy {}",
        config.topics().task(),
        config.topics().labeled(),
        config.topics().accepted(),
        config.topics().rejected(),
        config.topics().dlq(),
        config.policy().name());
    return new FilterApp(config, streams, failed);
  }

  /** The Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Completes when the instance has stopped on an error (its stream threads shut it down), so the
   * process can exit non-zero and its supervisor restart it rather than leave it idle.
   */
  public java.util.concurrent.CompletionStage<KafkaStreams.State> failure() {
    return failed;
  }

  /** The task this filter serves. */
  public String task() {
    return config.topics().task();
  }

  /**
   * Stops processing, committing what was processed, within 30 s, and leaves the consumer group so
   * a restarted or remaining instance takes the partitions over at once.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    LOG.info("Filter for task {} stopped", config.topics().task());
  }
}
