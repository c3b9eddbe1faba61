package io.distillery.trainer.data;

import io.distillery.schemas.avro.WordConfidence;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a recording longer than the training window into utterances at the teacher's word times, as
 * long-form speech is prepared for Whisper-style training: each piece starts a little before its
 * first word (at most {@value #LEAD_SECONDS} s, never inside the previous piece), takes as many
 * whole words as end within the window, and ends halfway through the silence after its last word
 * (or at the window's end, or the audio's). No word is split and no word is left out; audio with no
 * word in it (a long pause, the tail) is not trained on.
 */
public final class WordAlignedCuts {

  /** Audio kept before a piece's first word, so its onset is not clipped. */
  public static final double LEAD_SECONDS = 0.5;

  /** Word times may run past the audio by this much (rounding of the teacher's frames). */
  private static final double TOLERANCE_SECONDS = 0.5;

  /**
   * One piece of the recording.
   *
   * @param startSeconds where it starts in the recording
   * @param endSeconds where it ends
   * @param text its words joined by spaces
   */
  public record Piece(double startSeconds, double endSeconds, String text) {}

  private WordAlignedCuts() {}

  /**
   * The pieces of a recording of {@code seconds} whose words are {@code words}, each at most {@code
   * window} seconds long.
   *
   * @throws RefusedRecordException with {@link DeadLetterReason#WAV_TOO_LONG} when a word has no
   *     times, lies outside the audio, goes back in time or is longer than the window
   */
  public static List<Piece> cut(List<WordConfidence> words, double seconds, double window)
      throws RefusedRecordException {
    if (words.isEmpty()) {
      throw tooLong(seconds, window, "the teacher's label has no words to cut it at");
    }
    double[] starts = new double[words.size()];
    double[] ends = new double[words.size()];
    for (int i = 0; i < words.size(); i++) {
      WordConfidence w = words.get(i);
      if (w.getStartSeconds() == null || w.getEndSeconds() == null) {
        throw tooLong(seconds, window, "the teacher gave no word times to cut it at");
      }
      starts[i] = w.getStartSeconds();
      ends[i] = Math.min(w.getEndSeconds(), seconds);
      if (starts[i] < (i == 0 ? 0 : starts[i - 1])
          || w.getEndSeconds() < starts[i]
          || w.getEndSeconds() > seconds + TOLERANCE_SECONDS) {
        throw tooLong(
            seconds,
            window,
            String.format(
                Locale.ROOT,
                "the teacher's time for word %d ('%s', %.2f..%.2f s) is out of order or outside"
                    + " the audio",
                i,
                w.getWord(),
                w.getStartSeconds(),
                w.getEndSeconds()));
      }
    }
    List<Piece> pieces = new ArrayList<>();
    double previousEnd = 0;
    int i = 0;
    while (i < words.size()) {
      double start = Math.max(previousEnd, starts[i] - LEAD_SECONDS);
      int j = i;
      while (j < words.size() && ends[j] <= start + window) {
        j++;
      }
      if (j == i) {
        throw tooLong(
            seconds,
            window,
            String.format(
                Locale.ROOT,
                "word %d ('%s') alone spans %.1f s",
                i,
                words.get(i).getWord(),
                ends[i] - start));
      }
      double gap = j < words.size() ? (ends[j - 1] + starts[j]) / 2 : seconds;
      double end = Math.max(ends[j - 1], Math.min(gap, start + window));
      StringBuilder text = new StringBuilder();
      for (int k = i; k < j; k++) {
        text.append(k > i ? " " : "").append(words.get(k).getWord());
      }
      pieces.add(new Piece(start, end, text.toString()));
      previousEnd = end;
      i = j;
    }
    return pieces;
  }

  private static RefusedRecordException tooLong(double seconds, double window, String why) {
    return new RefusedRecordException(
        DeadLetterReason.WAV_TOO_LONG,
        String.format(
            Locale.ROOT,
            "%.1f s of audio is longer than the student's training window of %.0f s, and %s",
            seconds,
            window,
            why));
  }
}
