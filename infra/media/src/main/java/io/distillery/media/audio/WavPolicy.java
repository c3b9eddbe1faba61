package io.distillery.media.audio;

import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
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

  /**
   * Refuses a file this policy does not take, checking in a fixed order: integer PCM, sample rate,
   * channels (stereo is refused, not downmixed: a downmix would hide a wrong source), sample width,
   * a header consistent with itself, at least one sample, the duration.
   *
   * @throws RefusedRecordException with the first reason and the sox command that fixes it
   */
  public void check(WavFile f) throws RefusedRecordException {
    if (f.formatTag() == WavFile.IEEE_FLOAT) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_UNSUPPORTED_FORMAT,
          "IEEE float samples are not accepted, the pipeline wants integer PCM; "
              + conversionHint());
    }
    if (f.formatTag() != WavFile.PCM) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_UNSUPPORTED_FORMAT,
          "audio format " + f.formatTag() + " is not PCM (1); " + conversionHint());
    }
    if (!sampleRates.contains(f.sampleRate())) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_SAMPLE_RATE,
          "sample rate "
              + f.sampleRate()
              + " Hz is not accepted (allowed: "
              + sampleRates
              + " Hz); "
              + conversionHint());
    }
    if (f.channels() != channels) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_CHANNELS,
          f.channels() + " channels, the pipeline wants " + channels + "; " + conversionHint());
    }
    if (f.bitsPerSample() != bitsPerSample) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_BITS,
          f.bitsPerSample()
              + "-bit samples, the pipeline wants "
              + bitsPerSample
              + "-bit; "
              + conversionHint());
    }
    int blockAlign = f.channels() * f.bitsPerSample() / 8;
    if (f.blockAlign() != blockAlign || f.byteRate() != (long) f.sampleRate() * blockAlign) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_INCONSISTENT_HEADER,
          "fmt chunk is inconsistent: block align "
              + f.blockAlign()
              + " (expected "
              + blockAlign
              + "), byte rate "
              + f.byteRate()
              + " (expected "
              + (long) f.sampleRate() * blockAlign
              + ")");
    }
    if (f.dataLength() == 0) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_EMPTY, "the 'data' chunk holds no samples");
    }
    if (f.dataLength() % blockAlign != 0) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_INCONSISTENT_HEADER,
          "data length " + f.dataLength() + " is not a multiple of the frame size " + blockAlign);
    }
    if (f.seconds() > maxSeconds) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_TOO_LONG,
          String.format(
              java.util.Locale.ROOT,
              "%.1f s of audio exceeds the limit of %.1f s",
              f.seconds(),
              maxSeconds));
    }
  }

  /** The sox command that converts a file to this policy, for error messages. */
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
