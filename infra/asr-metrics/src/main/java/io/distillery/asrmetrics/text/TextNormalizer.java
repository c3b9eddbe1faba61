package io.distillery.asrmetrics.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a transcript into the words WER compares. Implementations are stateless and thread-safe.
 */
public interface TextNormalizer {

  /** The normalised text, words separated by single spaces. */
  String normalize(String text);

  /** The normalised words; empty for null or blank text. */
  default List<String> words(String text) {
    return splitWords(text == null ? "" : normalize(text));
  }

  /** The name a config or command line selects this normaliser by. */
  String name();

  /**
   * The normaliser called {@code name}: {@code none}, {@code english} or {@code basic}.
   *
   * @throws IllegalArgumentException for any other name, listing the valid ones
   */
  static TextNormalizer named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "none" -> new ScliteNormalizer();
      case "english" -> new EnglishNormalizer();
      case "basic" -> new BasicNormalizer();
      default ->
          throw new IllegalArgumentException(
              "Unknown normaliser '" + name + "': use none, english or basic");
    };
  }

  /** Splits on runs of white space (any Unicode white space). */
  static List<String> splitWords(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) || Character.isSpaceChar(text.charAt(i))) {
        if (start >= 0) {
          words.add(text.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
    }
    if (start >= 0) {
      words.add(text.substring(start));
    }
    return words;
  }
}
