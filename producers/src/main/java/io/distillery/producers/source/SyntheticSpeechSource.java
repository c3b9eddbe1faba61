package io.distillery.producers.source;

import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Synthetic speech as a source: the request's utterances are spoken into its output folder (WAVs
 * and a NeMo manifest, each sentence its reference), then read back like any manifest. With {@code
 * reuse}, a folder that already holds a manifest is read as it is, so a rerun streams the same
 * audio without speaking it again.
 */
public final class SyntheticSpeechSource implements SampleSource {

  private final SynthesisRequest request;
  private final boolean reuse;

  /**
   * @param request what to speak and where
   * @param reuse read an existing manifest in the output folder instead of speaking again
   */
  public SyntheticSpeechSource(SynthesisRequest request, boolean reuse) {
    this.request = request;
    this.reuse = reuse;
  }

  @Override
  public String description() {
    return "synthetic speech " + request.outputDir();
  }

  @Override
  public List<Sample> samples() throws IOException {
    Path manifest = SyntheticSpeech.manifestOf(request.outputDir());
    if (!reuse || !Files.exists(manifest)) {
      try {
        SyntheticSpeech.generate(request);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while speaking " + request.count() + " utterances", e);
      }
    }
    return ManifestSource.of(manifest).samples();
  }
}
