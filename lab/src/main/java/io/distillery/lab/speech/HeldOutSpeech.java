package io.distillery.lab.speech;

import io.distillery.media.speech.Sentences;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.VoiceMix;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.data.UtteranceManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Held-out utterances with references for the speech student: a given manifest, or synthetic
 * utterances generated once into a folder (the same sentences, voices and noise as {@code ingest
 * synth}, drawn with a seed of their own) and reused afterwards.
 */
public final class HeldOutSpeech {

  private HeldOutSpeech() {}

  /**
   * The utterances of {@code manifest}, or of {@code count} synthetic ones in {@code dir}, spoken
   * from the held-out sentences no training stream uses ({@link Sentences#heldOut()}).
   *
   * @param manifest a NeMo JSONL manifest, or null to synthesise
   */
  public static List<Utterance> load(Path manifest, Path dir, int count, long seed, PrintWriter out)
      throws IOException, InterruptedException {
    if (manifest != null) {
      return UtteranceManifest.read(manifest);
    }
    Path generated = SyntheticSpeech.manifestOf(dir);
    if (!Files.isRegularFile(generated) || lines(generated) != count) {
      out.printf("synthesising %d held-out utterances into %s%n", count, dir);
      out.flush();
      SyntheticSpeech.generate(
          new SynthesisRequest(
              Sentences.heldOut(),
              count,
              seed,
              VoiceMix.defaults(),
              dir,
              2,
              SynthesisRequest.DEFAULT_NOISE));
    }
    return UtteranceManifest.read(generated);
  }

  private static long lines(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }
}
