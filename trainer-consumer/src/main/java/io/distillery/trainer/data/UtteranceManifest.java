package io.distillery.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labelled utterances from a NeMo-style JSONL manifest: one object per line with {@code
 * audio_filepath} (16 kHz 16-bit mono WAV, relative to the manifest's folder or absolute) and
 * {@code text}, the reference. This is what {@code distillery ingest synth} and the synthetic
 * speech producer write.
 */
public final class UtteranceManifest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private UtteranceManifest() {}

  /**
   * The utterances of a manifest, in file order.
   *
   * @throws IOException when the manifest or a WAV file cannot be read or a line is malformed
   */
  public static List<Utterance> read(Path manifest) throws IOException {
    Path dir = manifest.toAbsolutePath().getParent();
    List<Utterance> utterances = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry = JSON.readTree(line);
      JsonNode path = entry.get("audio_filepath");
      JsonNode text = entry.get("text");
      if (path == null || text == null) {
        throw new IOException(manifest + " line " + lineNumber + ": needs audio_filepath and text");
      }
      Path wav = dir.resolve(path.asText());
      try {
        float[] audio = SpeechSamples.audio(Files.readAllBytes(wav));
        utterances.add(
            new Utterance(
                wav.getFileName().toString(), audio, CharacterVocabulary.normalize(text.asText())));
      } catch (RefusedRecordException e) {
        throw new IOException(
            manifest + " line " + lineNumber + ": " + wav + ": " + e.getMessage());
      }
    }
    return utterances;
  }
}
