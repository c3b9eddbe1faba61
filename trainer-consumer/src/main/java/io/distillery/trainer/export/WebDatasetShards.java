package io.distillery.trainer.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * WebDataset shards being written: {@code shard-000000.tar}, {@code shard-000001.tar}..., each
 * built under a temporary name and renamed when complete, so a shard that exists is whole. Shards
 * numbered from the committed count up are a run's uncommitted output and are removed when the
 * folder is opened again.
 */
final class WebDatasetShards implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path out;
  private final int shardSize;
  private int shards;
  private TarArchiveOutputStream tar;
  private FileChannel channel;
  private int inShard;

  /** Opens {@code out}, removing what lies past the first {@code committedShards} shards. */
  WebDatasetShards(Path out, int committedShards, int shardSize) throws IOException {
    this.out = out;
    this.shardSize = shardSize;
    this.shards = committedShards;
    try (DirectoryStream<Path> all = Files.newDirectoryStream(out, "shard-*.tar*")) {
      for (Path p : all) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tmp") || index(name) >= committedShards) {
          Files.delete(p);
        }
      }
    }
  }

  static String name(int index) {
    return String.format(Locale.ROOT, "shard-%06d.tar", index);
  }

  private static int index(String name) {
    try {
      return Integer.parseInt(name.substring("shard-".length(), "shard-".length() + 6));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }

  void add(ExportSample sample) throws IOException {
    if (tar == null) {
      channel =
          FileChannel.open(
              out.resolve(name(shards) + ".tmp"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
      tar = new TarArchiveOutputStream(Channels.newOutputStream(channel));
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    }
    entry(sample.key() + "." + sample.extension(), sample.payload());
    if (sample.transcript() != null) {
      entry(sample.key() + ".txt", sample.transcript().getBytes(StandardCharsets.UTF_8));
    } else {
      entry(
          sample.key() + ".cls", Integer.toString(sample.label()).getBytes(StandardCharsets.UTF_8));
    }
    entry(sample.key() + ".json", JSON.writeValueAsBytes(sample.metadata()));
    inShard++;
  }

  /** Whether the shard being written holds its full count. */
  boolean full() {
    return inShard >= shardSize;
  }

  /** Finishes the shard being written (if any sample is in it); returns the committed count. */
  int commit() throws IOException {
    if (tar == null) {
      return shards;
    }
    tar.finish();
    tar.flush();
    channel.force(true);
    tar.close();
    tar = null;
    Files.move(
        out.resolve(name(shards) + ".tmp"),
        out.resolve(name(shards)),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    shards++;
    inShard = 0;
    return shards;
  }

  private void entry(String name, byte[] bytes) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setModTime(0);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  @Override
  public void close() throws IOException {
    if (tar != null) {
      tar.close();
      tar = null;
    }
  }
}
