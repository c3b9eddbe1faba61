package io.distillery.media.speech;

import java.nio.file.Path;
import java.util.List;

/**
 * What to synthesise.
 *
 * @param sentences sentences to draw from
 * @param count number of utterances
 * @param seed seed of every random choice: sentence, voice, speed and noise
 * @param voices the voice mix
 * @param outputDir folder for the WAV files and {@code manifest.jsonl}
 * @param threads external processes run at once
 * @param noiseAmplitude peak of the white noise mixed in, as a fraction of full scale
 */
public record SynthesisRequest(
    List<String> sentences,
    int count,
    long seed,
    VoiceMix voices,
    Path outputDir,
    int threads,
    double noiseAmplitude) {

  /** The noise FACTS.md found to help pocketsphinx on synthetic voices. */
  public static final double DEFAULT_NOISE = 0.003;

  /** Validates at once. */
  public SynthesisRequest {
    sentences = List.copyOf(sentences);
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException("No sentences to speak");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException("threads must be 1..64, got " + threads);
    }
    if (noiseAmplitude < 0 || noiseAmplitude > 0.5) {
      throw new IllegalArgumentException("noise amplitude must be 0..0.5, got " + noiseAmplitude);
    }
  }

  /** Built-in sentences, the default voice mix, noise 0.003, two threads. */
  public static SynthesisRequest of(int count, long seed, Path outputDir) {
    return new SynthesisRequest(
        Sentences.builtIn(), count, seed, VoiceMix.defaults(), outputDir, 2, DEFAULT_NOISE);
  }
}
