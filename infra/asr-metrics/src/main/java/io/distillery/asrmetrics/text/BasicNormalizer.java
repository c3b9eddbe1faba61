package io.distillery.asrmetrics.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code basic} normaliser for any language, after Whisper's {@code BasicTextNormalizer} with
 * marks preserved: NFKC, lower case, text in {@code [..]}, {@code <..>} and {@code (..)} removed,
 * and every punctuation or symbol character (Unicode categories P* and S*) replaced by a space.
 *
 * <p>Unlike Whisper's default, combining marks (categories Mn, Mc, Me) are kept, because replacing
 * them splits words into fragments in Indic scripts (the virama and vowel signs of Devanagari),
 * Thai, Arabic (harakat) and Hebrew (niqqud).
 */
public final class BasicNormalizer implements TextNormalizer {

  private static final Pattern BRACKETED = Pattern.compile("\\[[^\\]]*\\]|<[^>]*>|\\([^)]*\\)");

  @Override
  public String normalize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    s = BRACKETED.matcher(s).replaceAll(" ");
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> out.appendCodePoint(isPunctuationOrSymbol(cp) ? ' ' : cp));
    return String.join(" ", TextNormalizer.splitWords(out.toString()));
  }

  static boolean isPunctuationOrSymbol(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.MATH_SYMBOL,
          Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL,
          Character.OTHER_SYMBOL ->
          true;
      default -> false;
    };
  }

  @Override
  public String name() {
    return "basic";
  }
}
