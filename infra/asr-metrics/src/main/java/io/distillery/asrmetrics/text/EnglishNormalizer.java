package io.distillery.asrmetrics.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code english} normaliser, in the spirit of Whisper's {@code EnglishTextNormalizer}. In
 * order, it:
 *
 * <ol>
 *   <li>lower-cases, and turns typographic apostrophes (’ ‘) into {@code '};
 *   <li>removes text in square brackets, angle brackets and parentheses ({@code [laughter]});
 *   <li>expands contractions: won't, can't, let's, ain't, y'all, gonna, gotta, wanna; {@code 's
 *       been} / {@code 'd been} to has / had been; then n't, 're, 's, 'd, 'll, 've, 'm to not, are,
 *       is, would, will, have, am (so a possessive {@code 's} also becomes "is", as in Whisper);
 *   <li>expands titles: mr, mrs, ms, dr, prof, st, jr, sr, gen, gov, sen, rep, capt, lt, col, rev;
 *   <li>removes commas between digits ({@code 1,000}) and periods not followed by a digit;
 *   <li>decomposes accents (NFKD) and drops the marks, maps æ œ ß ø ł đ þ ð to ae oe ss o l d th d,
 *       and replaces every other character that is not a letter, digit or one of {@code . % $ ¢ €
 *       £} by a space;
 *   <li>removes the fillers hmm, mm, mhm, mmm, uh, um;
 *   <li>writes spelled-out numbers as digits: cardinals up to the trillions ({@code two thousand
 *       and twenty} → 2020, {@code nineteen ninety nine} → 1999), decimals with "point" ({@code
 *       three point one four} → 3.14), ordinals with their suffix ({@code twenty first} → 21st;
 *       {@code second} alone stays a word), a following "percent" ({@code 50%}) and currency words
 *       dollar(s), pound(s), euro(s), cent(s) as a prefix symbol ({@code $20}); a bare scale word
 *       ({@code hundred}) stays a word; separate numbers stay separate ({@code one two} → 1 2);
 *   <li>maps the British spellings listed in {@code BritishSpellings} (about 120 forms: -our, -re,
 *       -ise, -yse, doubled l, defence, grey, programme, tyre, ...) to American ones;
 *   <li>writes a lone {@code 1} as "one", as Whisper does for readability, and collapses spaces.
 * </ol>
 *
 * Not covered (unlike Whisper): "one oh one", "double"/"triple", fractions "and a half", plurals
 * like "twenties", currency amounts with scale words after the symbol, and its full spelling list.
 */
public final class EnglishNormalizer implements TextNormalizer {

  private static final Set<String> FILLERS = Set.of("hmm", "mm", "mhm", "mmm", "uh", "um");

  /** Whole-word contractions without an apostrophe, expanded word by word. */
  private static final Map<String, String> SLANG =
      Map.of("gonna", "going to", "gotta", "got to", "wanna", "want to");

  private static final Map<String, String> TITLES =
      Map.ofEntries(
          Map.entry("mr", "mister"),
          Map.entry("mrs", "missus"),
          Map.entry("ms", "miss"),
          Map.entry("dr", "doctor"),
          Map.entry("prof", "professor"),
          Map.entry("st", "saint"),
          Map.entry("jr", "junior"),
          Map.entry("sr", "senior"),
          Map.entry("gen", "general"),
          Map.entry("gov", "governor"),
          Map.entry("sen", "senator"),
          Map.entry("rep", "representative"),
          Map.entry("capt", "captain"),
          Map.entry("lt", "lieutenant"),
          Map.entry("col", "colonel"),
          Map.entry("rev", "reverend"));

  @Override
  public String normalize(String text) {
    return String.join(" ", words(text));
  }

  @Override
  public List<String> words(String text) {
    if (text == null) {
      return List.of();
    }
    String s = text.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'');
    s = removeBracketed(s);
    s = Contractions.expand(s);
    s = symbolsAndDiacritics(s);
    List<String> words = new ArrayList<>();
    for (String w : TextNormalizer.splitWords(s)) {
      String[] rewritten = REWRITES.get(w);
      if (rewritten == null) {
        words.add(w);
      } else {
        words.addAll(Arrays.asList(rewritten));
      }
    }
    words = EnglishNumbers.apply(words);
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals("1")) {
        words.set(i, "one");
      }
    }
    return words;
  }

  /**
   * Word rewrites applied in one lookup before numbers: fillers to nothing, gonna/gotta/wanna to
   * two words, titles, and British spellings (no number word is among them, so the order is
   * Whisper's).
   */
  private static final Map<String, String[]> REWRITES = rewrites();

  private static Map<String, String[]> rewrites() {
    Map<String, String[]> m = new HashMap<>();
    BritishSpellings.MAP.forEach((uk, us) -> m.put(uk, new String[] {us}));
    TITLES.forEach((title, word) -> m.put(title, new String[] {word}));
    SLANG.forEach((slang, words) -> m.put(slang, words.split(" ")));
    FILLERS.forEach(filler -> m.put(filler, new String[0]));
    return m;
  }

  /** Removes text in [..], <..> and (..) spans (an unclosed bracket is kept), as a space. */
  static String removeBracketed(String s) {
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < s.length(); i++) {
      char open = s.charAt(i);
      char close = open == '[' ? ']' : open == '<' ? '>' : open == '(' ? ')' : 0;
      if (close == 0) {
        continue;
      }
      int end = s.indexOf(close, i + 1);
      if (end < 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, copied, i).append(' ');
      copied = end + 1;
      i = end;
    }
    return out == null ? s : out.append(s, copied, s.length()).toString();
  }

  /**
   * Drops commas between digits and periods not followed by a digit, decomposes accents and drops
   * the marks, maps special letters, and turns other symbols into spaces.
   */
  private static String symbolsAndDiacritics(String s) {
    String decomposed = isAscii(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    int n = decomposed.length();
    for (int i = 0; i < n; i++) {
      char c = decomposed.charAt(i);
      boolean digitNext = i + 1 < n && Character.isDigit(decomposed.charAt(i + 1));
      if (c == ',' && digitNext && i > 0 && Character.isDigit(decomposed.charAt(i - 1))) {
        continue;
      }
      if (c == '.' && !digitNext) {
        out.append(' ');
        continue;
      }
      if (c < 0x80) {
        boolean keep =
            c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9'
                || c >= 'A' && c <= 'Z'
                || c == '%'
                || c == '$'
                || c == '.';
        out.append(keep ? c : ' ');
        continue;
      }
      int type = Character.getType(c);
      if (type == Character.NON_SPACING_MARK
          || type == Character.COMBINING_SPACING_MARK
          || type == Character.ENCLOSING_MARK) {
        continue;
      }
      String mapped = specialLetter(c);
      if (mapped != null) {
        out.append(mapped);
      } else if (Character.isLetterOrDigit(c) || ".%$¢€£".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append(' ');
      }
    }
    return out.toString();
  }

  private static String specialLetter(char c) {
    return switch (c) {
      case 'æ' -> "ae";
      case 'œ' -> "oe";
      case 'ß' -> "ss";
      case 'ø' -> "o";
      case 'ł' -> "l";
      case 'đ', 'ð' -> "d";
      case 'þ' -> "th";
      default -> null;
    };
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String name() {
    return "english";
  }
}
