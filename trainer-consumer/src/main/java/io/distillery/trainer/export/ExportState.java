package io.distillery.trainer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far an export got, kept beside the training set and replaced atomically after each unit of
 * output is durable: what follows these offsets, and what lies past the recorded manifest length or
 * shard count, was not committed and is redone.
 *
 * @param task the exported task
 * @param topic the exported topic
 * @param format the layout
 * @param offsets per partition, the offset after the last exported record
 * @param exported records in the training set
 * @param skipped records passed over (undecodable, payload unreadable), each reported once
 * @param manifestBytes committed length of the NeMo manifest
 * @param shards committed WebDataset shards
 */
record ExportState(
    String task,
    String topic,
    ExportFormat format,
    Map<Integer, Long> offsets,
    long exported,
    long skipped,
    long manifestBytes,
    int shards) {

  static final String FILE = ".distillery-export.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  ExportState {
    offsets = new TreeMap<>(offsets);
  }

  static ExportState fresh(ExportSettings settings) {
    return new ExportState(
        settings.task(), settings.topic(), settings.format(), Map.of(), 0, 0, 0, 0);
  }

  /** The state kept in {@code out}, or a fresh one; refuses a folder holding another export. */
  static ExportState load(Path out, ExportSettings settings) throws IOException {
    Path file = out.resolve(FILE);
    if (!Files.exists(file)) {
      return fresh(settings);
    }
    ExportState state = JSON.readValue(file.toFile(), ExportState.class);
    if (!state.task().equals(settings.task())
        || !state.topic().equals(settings.topic())
        || state.format() != settings.format()) {
      throw new IllegalStateException(
          out
              + " holds an export of "
              + state.task()
              + "."
              + state.topic()
              + " as "
              + state.format()
              + ": use another folder");
    }
    return state;
  }

  /** Writes the state so that a crash leaves either the old or the new one. */
  void save(Path out) throws IOException {
    Path file = out.resolve(FILE);
    Path temporary = out.resolve(FILE + ".tmp");
    writeDurably(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Writes {@code bytes} to {@code file} and forces them to the disk before returning. */
  static void writeDurably(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }
}
