package io.distillery.modelserver.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses pocketsphinx_batch's hypothesis ({@code -hyp}) and word-confidence ({@code -ctm}) files.
 */
public final class DecoderOutput {

  private static final Pattern HYP = Pattern.compile("^(.*?)\\s*\\((\\S+)(?:\\s+-?\\d+)?\\)\\s*$");
  private static final Pattern ALTERNATE = Pattern.compile("\\(\\d+\\)$");

  /**
   * One recognised word, its posterior probability and where it lies in the utterance.
   *
   * @param startSeconds from the start of the utterance
   * @param endSeconds start plus duration
   */
  public record Word(String text, float confidence, float startSeconds, float endSeconds) {}

  private DecoderOutput() {}

  /** Utterance id to transcript; an utterance with an empty hypothesis maps to "". */
  public static Map<String, String> transcripts(List<String> hypLines) {
    Map<String, String> byId = new HashMap<>();
    for (String line : hypLines) {
      Matcher m = HYP.matcher(line);
      if (m.matches()) {
        byId.put(m.group(2), m.group(1).trim());
      }
    }
    return byId;
  }

  /**
   * Utterance id to its words with confidences and times (a CTM line is {@code <utterance>
   * <channel> <start> <duration> <word> <confidence>}), fillers ({@code <s>}, {@code <sil>}, {@code
   * [NOISE]}, {@code ++...}) left out and alternate-pronunciation marks ({@code word(2)}) removed.
   */
  public static Map<String, List<Word>> words(List<String> ctmLines) {
    Map<String, List<Word>> byId = new HashMap<>();
    for (String line : ctmLines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 6) {
        continue;
      }
      String word = ALTERNATE.matcher(f[4]).replaceFirst("");
      float start = Float.parseFloat(f[2]);
      if (word.startsWith("<") || word.startsWith("[") || word.startsWith("++")) {
        continue;
      }
      byId.computeIfAbsent(f[0], id -> new ArrayList<>())
          .add(new Word(word, Float.parseFloat(f[5]), start, start + Float.parseFloat(f[3])));
    }
    return byId;
  }
}
