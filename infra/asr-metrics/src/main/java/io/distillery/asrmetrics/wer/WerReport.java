package io.distillery.asrmetrics.wer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders corpus figures and per-utterance lines of a WER run as plain text lines. */
public final class WerReport {

  private WerReport() {}

  /**
   * The corpus summary: reference words, correct, substitutions, deletions, insertions, errors
   * (each with its share of reference words) and the WER in percent.
   */
  public static List<String> corpus(EditCounts total, int utterances) {
    List<String> lines = new ArrayList<>();
    long ref = total.referenceWords();
    lines.add(String.format(Locale.ROOT, "utterances       %8d", utterances));
    lines.add(String.format(Locale.ROOT, "reference words  %8d", ref));
    lines.add(line("correct", total.correct(), ref));
    lines.add(line("substitutions", total.substitutions(), ref));
    lines.add(line("deletions", total.deletions(), ref));
    lines.add(line("insertions", total.insertions(), ref));
    lines.add(line("errors", total.errors(), ref));
    lines.add(String.format(Locale.ROOT, "WER              %8.2f%%", 100 * total.wer()));
    return lines;
  }

  /** One line per utterance: id, reference words, C S D I and the per-utterance WER. */
  public static List<String> perUtterance(List<UtteranceScore> scores) {
    List<String> lines = new ArrayList<>(scores.size() + 1);
    lines.add("id\tref\tcorrect\tsub\tdel\tins\twer%");
    for (UtteranceScore s : scores) {
      EditCounts c = s.counts();
      lines.add(
          String.format(
              Locale.ROOT,
              "%s\t%d\t%d\t%d\t%d\t%d\t%.2f",
              s.id(),
              c.referenceWords(),
              c.correct(),
              c.substitutions(),
              c.deletions(),
              c.insertions(),
              100 * c.wer()));
    }
    return lines;
  }

  private static String line(String label, long count, long ref) {
    double share = ref == 0 ? 0 : 100.0 * count / ref;
    return String.format(Locale.ROOT, "%-16s %8d  (%5.1f%%)", label, count, share);
  }
}
