package io.distillery.asrmetrics.text;

import java.util.Map;

/**
 * Expands English contractions in lower-case text by scanning for apostrophes, without regular
 * expressions: whole words won't, can't, let's, ain't, y'all; {@code 's been} and {@code 'd been}
 * to has / had been; then n't, 're, 's, 'd, 'll, 've, 'm. A suffix counts only at a word's end.
 */
final class Contractions {

  private static final Map<String, String> WORDS =
      Map.of(
          "won't", "will not",
          "can't", "can not",
          "let's", "let us",
          "ain't", "aint",
          "y'all", "you all");

  private static final Map<String, String> SUFFIXES =
      Map.of("re", " are", "s", " is", "d", " would", "ll", " will", "ve", " have", "m", " am");

  private Contractions() {}

  /** The text with every contraction expanded. */
  static String expand(String s) {
    int apostrophe = s.indexOf('\'');
    if (apostrophe < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    int copied = 0;
    while (apostrophe >= 0) {
      int start = apostrophe;
      while (start > 0 && Character.isLetter(s.charAt(start - 1))) {
        start--;
      }
      int end = apostrophe + 1;
      while (end < s.length() && Character.isLetter(s.charAt(end))) {
        end++;
      }
      String word = s.substring(start, end);
      String suffix = s.substring(apostrophe + 1, end);
      String whole = WORDS.get(word);
      if (whole != null) {
        out.append(s, copied, start).append(whole);
        copied = end;
      } else if (suffix.equals("t") && apostrophe > start && s.charAt(apostrophe - 1) == 'n') {
        out.append(s, copied, apostrophe - 1).append(" not");
        copied = end;
      } else if ((suffix.equals("s") || suffix.equals("d"))
          && s.startsWith(" been", end)
          && (end + 5 == s.length() || !Character.isLetterOrDigit(s.charAt(end + 5)))) {
        out.append(s, copied, apostrophe).append(suffix.equals("s") ? " has" : " had");
        copied = end;
      } else if (SUFFIXES.containsKey(suffix)) {
        out.append(s, copied, apostrophe).append(SUFFIXES.get(suffix));
        copied = end;
      }
      apostrophe = s.indexOf('\'', Math.max(end, apostrophe + 1));
    }
    return out.append(s, copied, s.length()).toString();
  }
}
