package io.distillery.asrmetrics.text;

import java.util.List;
import java.util.Locale;

/**
 * The {@code none} normaliser: what NIST sclite does by default, nothing more. Text is lower-cased
 * (sclite compares case-insensitively unless given {@code -s}) and split on white space;
 * punctuation, numbers and spellings are left as they are.
 */
public final class ScliteNormalizer implements TextNormalizer {

  @Override
  public String normalize(String text) {
    return String.join(" ", TextNormalizer.splitWords(text.toLowerCase(Locale.ROOT)));
  }

  @Override
  public List<String> words(String text) {
    return text == null ? List.of() : TextNormalizer.splitWords(text.toLowerCase(Locale.ROOT));
  }

  @Override
  public String name() {
    return "none";
  }
}
