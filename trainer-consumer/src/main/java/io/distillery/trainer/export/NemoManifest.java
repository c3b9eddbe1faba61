package io.distillery.trainer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.schemas.avro.Modality;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A NeMo speech manifest being written: each sample's WAV under {@code audio/}, then its line in
 * {@code manifest.jsonl} ({@code audio_filepath} relative to the manifest, {@code duration}, {@code
 * text}, then Distillery's fields). Lines past the committed length are a run's uncommitted tail
 * and are cut off when the manifest is opened again.
 */
final class NemoManifest implements AutoCloseable {

  static final String MANIFEST = "manifest.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path audio;
  private final FileChannel manifest;

  /** Opens the manifest in {@code out}, cut back to {@code committedBytes}. */
  NemoManifest(Path out, long committedBytes) throws IOException {
    this.audio = Files.createDirectories(out.resolve("audio"));
    this.manifest =
        FileChannel.open(
            out.resolve(MANIFEST), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    manifest.truncate(committedBytes);
    manifest.position(committedBytes);
  }

  void add(ExportSample sample) throws IOException {
    if (sample.modality() != Modality.AUDIO) {
      throw new IllegalStateException(
          "A NeMo manifest holds speech; record "
              + sample.metadata().get("id")
              + " is an image: export image tasks as webdataset");
    }
    String file = "audio/" + sample.key() + ".wav";
    ExportState.writeDurably(audio.resolve(sample.key() + ".wav"), sample.payload());
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("audio_filepath", file);
    line.put("duration", sample.seconds());
    line.put("text", sample.transcript());
    sample.metadata().forEach(line::putIfAbsent);
    manifest.write(
        ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  /** Makes every line written so far durable and returns the manifest's length. */
  long commit() throws IOException {
    manifest.force(true);
    return manifest.position();
  }

  @Override
  public void close() throws IOException {
    manifest.close();
  }
}
