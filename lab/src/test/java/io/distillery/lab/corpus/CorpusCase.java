package io.distillery.lab.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row of the corpus manifest ({@code corpus/cases.md}): what is sent, how, and where it must
 * end.
 *
 * @param phase the phase it runs in
 * @param name the case name, also the record key of cases that bypass the producer
 * @param input {@code file:NAME} or {@code gen:...}
 * @param task {@code img} or {@code asr}
 * @param teacher the teacher's behaviour during the phase
 * @param entry how it enters the pipeline, e.g. {@code ingest} or {@code raw-claim:outside}
 * @param stage the stage that must decide it
 * @param outcome {@code rejected}, {@code dlq}, {@code accepted} or {@code trained}
 * @param reason a substring the reason must contain, empty for none
 */
record CorpusCase(
    int phase,
    String name,
    String input,
    String task,
    String teacher,
    String entry,
    String stage,
    String outcome,
    String reason) {

  /** The manifest on the test class path. */
  static final String MANIFEST = "/corpus/cases.md";

  /** The entry without its variant, e.g. {@code raw-claim}. */
  String entryKind() {
    int colon = entry.indexOf(':');
    return colon < 0 ? entry : entry.substring(0, colon);
  }

  /** The entry's variant, e.g. {@code outside}, or empty. */
  String entryVariant() {
    int colon = entry.indexOf(':');
    return colon < 0 ? "" : entry.substring(colon + 1);
  }

  /** Whether it goes through the producer. */
  boolean ingested() {
    return entry.equals("ingest");
  }

  /** The expected end, as the report prints it, e.g. {@code labeler dlq}. */
  String expected() {
    return stage + " " + outcome;
  }

  /**
   * Reads every case of the manifest, in manifest order: the file named by the system property
   * {@code corpus.manifest} when set (to run another corpus), else {@link #MANIFEST}.
   */
  static List<CorpusCase> readManifest() throws IOException {
    String other = System.getProperty("corpus.manifest");
    if (other != null && !other.isBlank()) {
      return parse(Files.readString(Path.of(other), StandardCharsets.UTF_8));
    }
    try (InputStream in = CorpusCase.class.getResourceAsStream(MANIFEST)) {
      if (in == null) {
        throw new IOException("No " + MANIFEST + " on the test class path");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static List<CorpusCase> parse(String markdown) {
    List<CorpusCase> cases = new ArrayList<>();
    for (String line : markdown.split("\n")) {
      if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| phase")) {
        continue;
      }
      List<String> cells =
          Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
              .map(String::strip)
              .toList();
      if (cells.size() != 9) {
        throw new IllegalArgumentException("Manifest row needs 9 cells: " + line);
      }
      cases.add(
          new CorpusCase(
              Integer.parseInt(cells.get(0)),
              cells.get(1),
              cells.get(2),
              cells.get(3),
              cells.get(4),
              cells.get(5),
              cells.get(6),
              cells.get(7),
              cells.get(8)));
    }
    return cases;
  }
}
