package io.distillery.infra.serving.backend;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.Locale;

/**
 * Settings of the synthetic backend, from the config's parameters {@code delay_ms} (service time of
 * one execution, i.e. of one dynamic batch of up to max_batch_size rows, default 0) and {@code
 * behaviour} ({@code deterministic}, {@code nan}, {@code wrong_shape}, {@code hang}, {@code fail}).
 */
public record SyntheticSettings(long delayMillis, Behaviour behaviour) {

  /** What the synthetic model answers. */
  public enum Behaviour {
    /** Outputs derived from the input bytes: same input, same output. */
    DETERMINISTIC,
    /** Every floating-point output element is NaN. */
    NAN,
    /** Outputs with one element too many in their last dimension. */
    WRONG_SHAPE,
    /** Never answers (until interrupted). */
    HANG,
    /** Throws on every batch. */
    FAIL
  }

  /** Reads the settings from a model configuration. */
  public static SyntheticSettings from(ModelConfig config) {
    long delay = Long.parseLong(Backends.parameter(config, "delay_ms", "0"));
    if (delay < 0) {
      throw new IllegalArgumentException("delay_ms must be >= 0, got " + delay);
    }
    String behaviour = Backends.parameter(config, "behaviour", "deterministic");
    return new SyntheticSettings(delay, Behaviour.valueOf(behaviour.toUpperCase(Locale.ROOT)));
  }
}
