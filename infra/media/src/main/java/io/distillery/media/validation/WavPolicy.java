package io.distillery.media.validation;

import java.util.Set;

/**
 * Which WAV files the pipeline accepts. Other formats are rejected, not converted: conversion is
 * one sox command away and silently resampling would hide a wrong source from the operator.
 *
 * @param sampleRates accepted sample rates in Hz
 * @param channels required channel count
 * @param bitsPerSample required PCM sample width
 * @param maxSeconds longest accepted duration
 */
public record WavPolicy(
    Set<Integer> sampleRates, int channels, int bitsPerSample, double maxSeconds) {

  /** What the speech tasks want: 16 kHz mono 16-bit PCM, at most ten minutes. */
  public static final WavPolicy SPEECH_16K = new WavPolicy(Set.of(16_000), 1, 16, 600);

  /** Validates at once. */
  public WavPolicy {
    sampleRates = Set.copyOf(sampleRates);
    if (sampleRates.isEmpty() || sampleRates.stream().anyMatch(r -> r < 1000 || r > 192_000)) {
      throw new IllegalArgumentException("sample rates must be 1000..192000 Hz: " + sampleRates);
    }
    if (channels < 1 || channels > 8) {
      throw new IllegalArgumentException("channels must be 1..8, got " + channels);
    }
    if (bitsPerSample != 8 && bitsPerSample != 16 && bitsPerSample != 24 && bitsPerSample != 32) {
      throw new IllegalArgumentException("bits per sample must be 8, 16, 24 or 32");
    }
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
    }
  }

  /** The sox command that converts {@code file} to this policy, for error messages. */
  String conversionHint() {
    int rate = sampleRates.stream().sorted().findFirst().orElseThrow();
    return "convert with: sox IN.wav -r "
        + rate
        + " -c "
        + channels
        + " -b "
        + bitsPerSample
        + " -e signed-integer OUT.wav";
  }
}
