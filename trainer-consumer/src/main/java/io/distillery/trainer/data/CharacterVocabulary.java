package io.distillery.trainer.data;

import io.distillery.asrmetrics.text.TextNormalizer;
import java.util.Locale;

/**
 * The speech student's character vocabulary: index 0 is the CTC blank, then space, a-z and the
 * apostrophe, the same order as the TorchScript module's {@code vocabulary()}.
 */
public final class CharacterVocabulary {

  /**
   * {@link #normalize} as a WER normaliser: the student's held-out WER and the teacher's WER it is
   * read against both compare texts normalised this way.
   */
  public static final TextNormalizer NORMALIZER =
      new TextNormalizer() {
        @Override
        public String normalize(String text) {
          return CharacterVocabulary.normalize(text);
        }

        @Override
        public String name() {
          return "student-vocabulary";
        }
      };

  /** The tokens; index 0 (NUL) stands for the blank. */
  public static final String TOKENS = "\0 abcdefghijklmnopqrstuvwxyz'";

  private CharacterVocabulary() {}

  /**
   * Lower case, characters outside the vocabulary dropped (hyphens become spaces), spaces
   * collapsed.
   */
  public static String normalize(String text) {
    String lower = text.toLowerCase(Locale.ROOT).replace('-', ' ');
    StringBuilder out = new StringBuilder(lower.length());
    for (char c : lower.toCharArray()) {
      boolean space = Character.isWhitespace(c);
      if (space || (TOKENS.indexOf(c) > 0)) {
        char kept = space ? ' ' : c;
        if (kept != ' ' || (out.length() > 0 && out.charAt(out.length() - 1) != ' ')) {
          out.append(kept);
        }
      }
    }
    return out.toString().strip();
  }

  /** The token indices of a normalised text. */
  public static int[] encode(String normalized) {
    int[] ids = new int[normalized.length()];
    for (int i = 0; i < ids.length; i++) {
      int id = TOKENS.indexOf(normalized.charAt(i));
      if (id <= 0) {
        throw new IllegalArgumentException(
            "'" + normalized.charAt(i) + "' is not in the vocabulary");
      }
      ids[i] = id;
    }
    return ids;
  }

  /** The text of token indices; negative indices (padding) and blanks are skipped. */
  public static String decode(long[] ids) {
    StringBuilder out = new StringBuilder();
    for (long id : ids) {
      if (id > 0 && id < TOKENS.length()) {
        out.append(TOKENS.charAt((int) id));
      }
    }
    return out.toString().strip();
  }
}
