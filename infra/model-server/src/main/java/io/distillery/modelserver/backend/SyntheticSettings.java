package io.distillery.modelserver.backend;

import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.Locale;

/**
 * Settings of the synthetic backend, from the config's parameters {@code delay_ms} (service time of
 * one execution, i.e. of one dynamic batch of up to max_batch_size rows, default 0), {@code
 * behaviour} ({@code deterministic}, {@code nan}, {@code wrong_shape}, {@code hang}, {@code fail},
 * {@code empty_text}, {@code long_text}), {@code text_bytes} (length of each BYTES element with
 * {@code long_text}, default 1 MiB) and {@code word_seconds} (when above 0, a speech recognizer
 * that hears one word every so many seconds of its audio input, with times; default 0: off).
 */
public record SyntheticSettings(
    long delayMillis, Behaviour behaviour, int textBytes, double wordSeconds) {

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
    FAIL,
    /** Every BYTES output element is empty (a decoder that heard nothing). */
    EMPTY_TEXT,
    /**
     * Every BYTES output element is {@code text_bytes} long, words repeated (a runaway decoder).
     */
    LONG_TEXT
  }

  /** Default {@code text_bytes}: one MiB. */
  public static final int DEFAULT_TEXT_BYTES = 1 << 20;

  /** Validates at once. */
  public SyntheticSettings {
    if (delayMillis < 0) {
      throw new IllegalArgumentException("delay_ms must be >= 0, got " + delayMillis);
    }
    if (textBytes < 1) {
      throw new IllegalArgumentException("text_bytes must be >= 1, got " + textBytes);
    }
    if (!(wordSeconds >= 0) || Double.isInfinite(wordSeconds)) {
      throw new IllegalArgumentException("word_seconds must be >= 0, got " + wordSeconds);
    }
  }

  /** Settings with the default text length and no timed words. */
  public SyntheticSettings(long delayMillis, Behaviour behaviour) {
    this(delayMillis, behaviour, DEFAULT_TEXT_BYTES, 0);
  }

  /** Reads the settings from a model configuration. */
  public static SyntheticSettings from(ModelConfig config) {
    long delay = Long.parseLong(Backends.parameter(config, "delay_ms", "0"));
    String behaviour = Backends.parameter(config, "behaviour", "deterministic");
    int textBytes =
        Integer.parseInt(
            Backends.parameter(config, "text_bytes", Integer.toString(DEFAULT_TEXT_BYTES)));
    double wordSeconds = Double.parseDouble(Backends.parameter(config, "word_seconds", "0"));
    return new SyntheticSettings(
        delay, Behaviour.valueOf(behaviour.toUpperCase(Locale.ROOT)), textBytes, wordSeconds);
  }
}
