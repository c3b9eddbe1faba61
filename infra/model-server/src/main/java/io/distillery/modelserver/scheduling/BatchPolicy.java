package io.distillery.modelserver.scheduling;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.time.Duration;

/**
 * How a model's requests are grouped: up to {@code maxBatchRows} batch rows per execution, waiting
 * at most {@code maxQueueDelay} after the first request; {@code executionTimeout} bounds one
 * execution.
 */
public record BatchPolicy(int maxBatchRows, Duration maxQueueDelay, Duration executionTimeout) {

  /**
   * Default bound of one execution when the config has no {@code execution_timeout_ms} parameter.
   */
  public static final Duration DEFAULT_EXECUTION_TIMEOUT = Duration.ofSeconds(120);

  /** Validates the policy. */
  public BatchPolicy {
    if (maxBatchRows < 1) {
      throw new IllegalArgumentException("maxBatchRows must be >= 1");
    }
    if (maxQueueDelay.isNegative() || executionTimeout.isNegative() || executionTimeout.isZero()) {
      throw new IllegalArgumentException("delays must be >= 0 and the timeout > 0");
    }
  }

  /**
   * The policy a configuration implies: without {@code dynamic_batching} (or with max_batch_size 0)
   * every request runs alone; with it, up to max_batch_size rows wait up to the configured delay.
   */
  public static BatchPolicy of(ModelConfig config) {
    Duration timeout =
        config.getParametersMap().containsKey("execution_timeout_ms")
            ? Duration.ofMillis(
                Long.parseLong(
                    config.getParametersOrThrow("execution_timeout_ms").getStringValue()))
            : DEFAULT_EXECUTION_TIMEOUT;
    if (!config.hasDynamicBatching() || config.getMaxBatchSize() == 0) {
      return new BatchPolicy(1, Duration.ZERO, timeout);
    }
    Duration delay =
        Duration.ofNanos(config.getDynamicBatching().getMaxQueueDelayMicroseconds() * 1000);
    return new BatchPolicy(config.getMaxBatchSize(), delay, timeout);
  }
}
