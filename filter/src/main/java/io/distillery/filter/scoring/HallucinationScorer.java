package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.WordConfidence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * Cheap signs of a hallucinated or looping transcript, computed on the teacher's output.
 *
 * <p>Scores: {@code empty-output} (1 when the normalised transcript has no words); {@code
 * repeated-ngram-ratio} (the share of word n-grams that repeat an earlier n-gram of the same
 * transcript, 0 when it has fewer than n words; Distil-Whisper reports 5-gram duplicates); {@code
 * compression-ratio} (UTF-8 bytes over zlib-compressed bytes of the raw transcript, as Whisper's
 * decoder computes it, where above 2.4 means repetitive; 0 for an empty transcript); and {@code
 * words-per-second} (normalised words over the audio's duration, when the raw record gives one).
 *
 * <p>Whisper's and Distil-Whisper's thresholds hold for one 30 s window: over a longer text,
 * natural speech compresses better and repeats more n-grams (ten minutes of plain English compress
 * about threefold). So a recording longer than {@value #WINDOW_SECONDS} s is scored window by
 * window and the worst window counts: its words are grouped by the teacher's word times when they
 * carry them, else cut into as many equal runs as the audio has windows.
 */
public final class HallucinationScorer extends TranscriptScorer {

  /** Name in policy files. */
  public static final String NAME = "hallucination";

  /** The span the repetition thresholds were set for: Whisper's window. */
  public static final double WINDOW_SECONDS = 30;

  private final int ngram;

  /** A scorer normalising with {@code normalizer} and counting repeated {@code ngram}-grams. */
  public HallucinationScorer(TextNormalizer normalizer, int ngram) {
    super(NAME, normalizer);
    if (ngram < 1) {
      throw new IllegalArgumentException("ngram must be >= 1, got " + ngram);
    }
    this.ngram = ngram;
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    String transcript = Outputs.transcript(teacher);
    List<String> words = words(transcript);
    scores.put("empty-output", words.isEmpty() ? 1.0 : 0.0);
    Double duration = record.getRaw().getDurationSeconds();
    double repeated = 0;
    double compression = 0;
    for (String text : windows(teacher, transcript, duration)) {
      repeated = Math.max(repeated, repeatedNgramRatio(words(text), ngram));
      compression = Math.max(compression, compressionRatio(text));
    }
    scores.put("repeated-ngram-ratio", repeated);
    scores.put("compression-ratio", compression);
    if (duration != null && duration > 0) {
      scores.put("words-per-second", words.size() / duration);
    }
  }

  /**
   * The transcript in windows of about {@value #WINDOW_SECONDS} s: the whole transcript for a
   * recording of unknown length or up to one window; else its tokens grouped by each word's start
   * when the teacher's words carry times and match the transcript's tokens, or in equal runs.
   */
  static List<String> windows(ModelOutput teacher, String transcript, Double duration) {
    if (transcript.isBlank() || duration == null || duration <= WINDOW_SECONDS) {
      return List.of(transcript);
    }
    List<String> tokens = List.of(transcript.trim().split("\\s+"));
    List<WordConfidence> timed = teacher.getWords();
    boolean byTimes =
        timed.size() == tokens.size() && timed.stream().allMatch(w -> w.getStartSeconds() != null);
    int count = (int) Math.ceil(duration / WINDOW_SECONDS);
    List<List<String>> windows = new ArrayList<>();
    for (int w = 0; w < count; w++) {
      windows.add(new ArrayList<>());
    }
    for (int i = 0; i < tokens.size(); i++) {
      int w =
          byTimes
              ? (int) (timed.get(i).getStartSeconds() / WINDOW_SECONDS)
              : (int) ((long) i * count / tokens.size());
      windows.get(Math.max(0, Math.min(count - 1, w))).add(tokens.get(i));
    }
    return windows.stream().filter(w -> !w.isEmpty()).map(w -> String.join(" ", w)).toList();
  }

  /** The share of n-grams that already occurred earlier in {@code words}. */
  public static double repeatedNgramRatio(List<String> words, int n) {
    int total = words.size() - n + 1;
    if (total <= 0) {
      return 0;
    }
    Set<List<String>> seen = new HashSet<>();
    int repeated = 0;
    for (int i = 0; i < total; i++) {
      if (!seen.add(words.subList(i, i + n))) {
        repeated++;
      }
    }
    return (double) repeated / total;
  }

  /** UTF-8 length over zlib-deflated length; 0 for empty text. */
  public static double compressionRatio(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return 0;
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] buffer = new byte[bytes.length + 64];
      int compressed = 0;
      while (!deflater.finished()) {
        compressed += deflater.deflate(buffer);
      }
      return (double) bytes.length / compressed;
    } finally {
      deflater.end();
    }
  }
}
