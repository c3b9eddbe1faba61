package io.distillery.asrmetrics.wer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads NIST sclite's trn format: one utterance per line, the transcript followed by the utterance
 * id in parentheses at the end of the line ({@code the cat sat (spk1_utt1)}). Blank lines are
 * skipped; a line without a trailing id, or an id seen twice, is an error naming the line.
 */
public final class TrnFormat {

  private TrnFormat() {}

  /** Reads every utterance of {@code file} in file order. */
  public static List<TrnUtterance> read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read trn file " + file, e);
    }
  }

  /** Parses trn lines; {@code source} names them in error messages. */
  public static List<TrnUtterance> parse(List<String> lines, String source) {
    List<TrnUtterance> utterances = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      TrnUtterance utterance = parseLine(line, source, n + 1);
      if (!seen.add(utterance.id())) {
        throw new IllegalArgumentException(
            source + ":" + (n + 1) + ": utterance id (" + utterance.id() + ") appears twice");
      }
      utterances.add(utterance);
    }
    return utterances;
  }

  private static TrnUtterance parseLine(String line, String source, int lineNumber) {
    int open = line.lastIndexOf('(');
    if (!line.endsWith(")") || open < 0 || open == line.length() - 2) {
      throw new IllegalArgumentException(
          source
              + ":"
              + lineNumber
              + ": expected 'text (utterance-id)', the id in parentheses at the end: "
              + line);
    }
    String id = line.substring(open + 1, line.length() - 1).strip();
    return new TrnUtterance(id, line.substring(0, open).strip());
  }
}
