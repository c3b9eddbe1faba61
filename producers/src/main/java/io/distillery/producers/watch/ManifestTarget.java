package io.distillery.producers.watch;

import io.distillery.producers.ingest.Outcome;
import io.distillery.producers.source.ManifestFormat;
import io.distillery.producers.source.ManifestLines;
import io.distillery.producers.source.ManifestSource;
import io.distillery.producers.source.Sample;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a growing manifest: reads the complete lines appended after the state's offset (a line
 * still being written, without its newline, waits for the next poll). The offset advances past a
 * line once its sample is acknowledged or refused; a failed send stops it there for a retry.
 */
public final class ManifestTarget implements WatchTarget {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestTarget.class);

  private final ManifestSource source;

  /** Follows {@code source}'s manifest. */
  public ManifestTarget(ManifestSource source) {
    this.source = source;
  }

  @Override
  public String description() {
    return source.description();
  }

  @Override
  public Batch poll(WatchState state) throws IOException {
    Path manifest = source.manifest();
    if (!Files.exists(manifest)) {
      return new Batch(List.of(), outcomes -> {});
    }
    long size = Files.size(manifest);
    if (size < state.manifestOffset) {
      LOG.warn(
          "Manifest {} shrank from {} to {} bytes: reading it again from the start",
          manifest,
          state.manifestOffset,
          size);
      state.manifestOffset = 0;
      state.manifestLines = 0;
    }
    byte[] tail = read(manifest, state.manifestOffset, size);
    List<String> header =
        source.format() == ManifestFormat.CSV && state.manifestOffset > 0
            ? ManifestLines.splitCsv(firstLine(manifest))
            : null;
    List<Sample> samples = new ArrayList<>();
    List<long[]> ends = new ArrayList<>(); // per sample: {offset after its line, line number}
    long offset = state.manifestOffset;
    long lineNo = state.manifestLines;
    int start = 0;
    for (int i = 0; i < tail.length; i++) {
      if (tail[i] != '\n') {
        continue;
      }
      String line = new String(tail, start, i - start, StandardCharsets.UTF_8);
      lineNo++;
      offset += i - start + 1;
      start = i + 1;
      if (header == null && source.format() == ManifestFormat.CSV && lineNo == 1) {
        header = ManifestLines.splitCsv(line);
        ends.add(new long[] {offset, lineNo}); // the header line itself: handled at once
        samples.add(null);
        continue;
      }
      for (Sample sample : source.parse(List.of(line), lineNo, header)) {
        samples.add(sample);
        ends.add(new long[] {offset, lineNo});
      }
      if (line.isBlank()) {
        samples.add(null);
        ends.add(new long[] {offset, lineNo});
      }
    }
    return batch(state, samples, ends);
  }

  private static Batch batch(WatchState state, List<Sample> all, List<long[]> ends) {
    List<Sample> samples = all.stream().filter(java.util.Objects::nonNull).toList();
    return new Batch(
        samples,
        outcomes -> {
          int next = 0;
          for (int i = 0; i < all.size(); i++) {
            if (all.get(i) != null) {
              if (outcomes.get(next++).status() == Outcome.Status.FAILED) {
                return; // retried from this line on the next poll
              }
            }
            state.manifestOffset = ends.get(i)[0];
            state.manifestLines = ends.get(i)[1];
          }
        });
  }

  private static byte[] read(Path file, long from, long to) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.min(Integer.MAX_VALUE - 16, to - from)];
      raf.seek(from);
      raf.readFully(bytes);
      return bytes;
    }
  }

  private static String firstLine(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.findFirst().orElse("");
    }
  }
}
