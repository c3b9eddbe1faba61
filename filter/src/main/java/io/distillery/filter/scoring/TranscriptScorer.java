package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import java.util.List;

/** A scorer of transcripts: every text it compares goes through one normaliser. */
abstract class TranscriptScorer extends TeacherScorer {

  private final TextNormalizer normalizer;

  /** A scorer called {@code name} that normalises with {@code normalizer}. */
  TranscriptScorer(String name, TextNormalizer normalizer) {
    super(name);
    this.normalizer = normalizer;
  }

  /** The normalised words of {@code text}; none for null or blank text. */
  final List<String> words(String text) {
    return normalizer.words(text);
  }
}
