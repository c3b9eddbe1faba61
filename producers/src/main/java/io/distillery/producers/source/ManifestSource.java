package io.distillery.producers.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The samples a manifest lists, one per non-blank line: JSON Lines in NeMo's style or CSV with a
 * header row. Relative paths resolve against the manifest's folder.
 *
 * @param manifest the manifest file
 * @param format how it is written
 * @param pathColumn CSV column with the file path
 * @param referenceColumn CSV column with the reference, or null
 */
public record ManifestSource(
    Path manifest, ManifestFormat format, String pathColumn, String referenceColumn)
    implements SampleSource {

  /** A manifest whose format follows its file name, CSV columns {@code path} and {@code text}. */
  public static ManifestSource of(Path manifest) {
    return new ManifestSource(manifest, ManifestFormat.byName(manifest), "path", "text");
  }

  @Override
  public String description() {
    return "manifest " + manifest;
  }

  @Override
  public List<Sample> samples() throws IOException {
    return parse(Files.readAllLines(manifest, StandardCharsets.UTF_8), 1, null);
  }

  /**
   * Samples for {@code lines} starting at 1-based line {@code firstLineNo}; for CSV, {@code header}
   * is the header row already read, or null when {@code lines} starts with it.
   */
  public List<Sample> parse(List<String> lines, long firstLineNo, List<String> header) {
    ManifestLines parser = new ManifestLines(manifest);
    List<Sample> samples = new ArrayList<>();
    Map<String, Integer> columns = header == null ? null : ManifestLines.header(header);
    long lineNo = firstLineNo - 1;
    for (String line : lines) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      if (format == ManifestFormat.JSONL) {
        samples.add(parser.fromJson(line, lineNo));
      } else if (columns == null) {
        columns = ManifestLines.header(ManifestLines.splitCsv(line));
      } else {
        samples.add(
            parser.fromCsv(
                ManifestLines.splitCsv(line), columns, pathColumn, referenceColumn, lineNo));
      }
    }
    return samples;
  }
}
