package io.distillery.producers.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a watch has already handled: each file's size and modification time with its record id (or
 * why it was refused), and how far into a manifest it has read. Saved as JSON by writing a
 * temporary file, forcing it to disk and renaming it over the old one, so a crash leaves either the
 * old or the new state, never half of one.
 */
public final class WatchState {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A handled file. */
  public record FileMark(long size, long modifiedMillis, String recordId, String invalidReason) {}

  /** Files handled, by identity (path relative to the watched directory). */
  public Map<String, FileMark> files = new LinkedHashMap<>();

  /** Bytes of the manifest fully handled (always at a line boundary). */
  public long manifestOffset;

  /** Lines of the manifest fully handled. */
  public long manifestLines;

  /** The state saved at {@code file}, or an empty state if there is none yet. */
  public static WatchState load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new WatchState();
    }
    try {
      return JSON.readValue(file.toFile(), WatchState.class);
    } catch (IOException e) {
      throw new IOException(
          "Watch state "
              + file
              + " is unreadable ("
              + e.getMessage()
              + "); delete it to start over (already-sent samples are then re-sent with the same ids)",
          e);
    }
  }

  /** Saves the state at {@code file} atomically. */
  public void save(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".part");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(this)));
      channel.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
