package io.distillery.filter.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]*\\]|<[^>]*>|\\([^)]*\\)");
  private static final Set<String> FILLERS = Set.of("hmm", "mm", "mhm", "mmm", "uh", "um");
  private static final String[][] CONTRACTIONS = {
    {"\\bwon't\\b", "will not"},
    {"\\bcan't\\b", "can not"},
    {"\\blet's\\b", "let us"},
    {"\\bain't\\b", "aint"},
    {"\\by'all\\b", "you all"},
    {"\\bgonna\\b", "going to"},
    {"\\bgotta\\b", "got to"},
    {"\\bwanna\\b", "want to"},
    {"'d been\\b", " had been"},
    {"'s been\\b", " has been"},
    {"n't\\b", " not"},
    {"'re\\b", " are"},
    {"'s\\b", " is"},
    {"'d\\b", " would"},
    {"'ll\\b", " will"},
    {"'ve\\b", " have"},
    {"'m\\b", " am"},
  };
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
  private static final List<Pattern> CONTRACTION_PATTERNS = compileContractions();
  private static final Pattern TITLE =
      Pattern.compile("\\b(" + String.join("|", TITLES.keySet()) + ")\\b\\.?");
  private static final Pattern DIGIT_COMMA = Pattern.compile("(\\d),(\\d)");
  private static final Pattern LONE_PERIOD = Pattern.compile("\\.(?!\\d)");

  @Override
  public String normalize(String text) {
    String s = text.toLowerCase(Locale.ROOT).replace('’', '\'').replace('‘', '\'');
    s = BRACKETED.matcher(s).replaceAll(" ");
    for (int k = 0; k < CONTRACTIONS.length; k++) {
      s = CONTRACTION_PATTERNS.get(k).matcher(s).replaceAll(CONTRACTIONS[k][1]);
    }
    s = TITLE.matcher(s).replaceAll(m -> TITLES.get(m.group(1)) + " ");
    s = DIGIT_COMMA.matcher(s).replaceAll("$1$2");
    s = LONE_PERIOD.matcher(s).replaceAll(" ");
    s = symbolsAndDiacritics(s);
    List<String> words = new ArrayList<>();
    for (String w : TextNormalizer.splitWords(s)) {
      if (!FILLERS.contains(w)) {
        words.add(w);
      }
    }
    words = EnglishNumbers.apply(words);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      words.set(i, w.equals("1") ? "one" : BritishSpellings.MAP.getOrDefault(w, w));
    }
    return String.join(" ", words);
  }

  private static String symbolsAndDiacritics(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
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

  private static List<Pattern> compileContractions() {
    List<Pattern> patterns = new ArrayList<>();
    for (String[] c : CONTRACTIONS) {
      patterns.add(Pattern.compile(c[0]));
    }
    return List.copyOf(patterns);
  }

  @Override
  public String name() {
    return "english";
  }
}
