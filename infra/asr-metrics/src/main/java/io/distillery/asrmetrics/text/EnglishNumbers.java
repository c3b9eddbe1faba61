package io.distillery.asrmetrics.text;

import io.distillery.asrmetrics.text.NumberWords.Entry;
import io.distillery.asrmetrics.text.NumberWords.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites spelled-out English numbers as digits in a list of lower-case words, after Whisper's
 * {@code EnglishNumberNormalizer} (a documented subset, see {@link EnglishNormalizer}).
 */
final class EnglishNumbers {

  private static final Map<String, String> CURRENCY_PREFIX =
      Map.of(
          "dollar", "$", "dollars", "$", "pound", "£", "pounds", "£", "euro", "€", "euros", "€",
          "cent", "¢", "cents", "¢");

  private EnglishNumbers() {}

  /** The words with every spelled-out number replaced by its digits. */
  static List<String> apply(List<String> words) {
    List<String> out = new ArrayList<>(words.size());
    int i = 0;
    while (i < words.size()) {
      Entry entry = NumberWords.lookup(words.get(i));
      if (entry == null || !startsNumber(words, i, entry)) {
        i = emitWithUnit(words, i, words.get(i), out);
        continue;
      }
      Parse parse = new Parse();
      i = parse.consume(words, i);
      i = emitWithUnit(words, i - 1, parse.text(), out);
    }
    return out;
  }

  /** "second" alone is a unit of time, and a bare scale word is left as a word. */
  private static boolean startsNumber(List<String> words, int i, Entry entry) {
    return !words.get(i).equals("second")
        && entry.kind() != Kind.HUNDRED
        && entry.kind() != Kind.SCALE;
  }

  /** Appends {@code text} (the word at {@code i}), folding a following percent or currency. */
  private static int emitWithUnit(List<String> words, int i, String text, List<String> out) {
    String next = i + 1 < words.size() ? words.get(i + 1) : "";
    boolean numeric = !text.isEmpty() && Character.isDigit(text.charAt(0)) && isDecimal(text);
    if (numeric && next.equals("percent")) {
      out.add(text + "%");
      return i + 2;
    }
    if (numeric && CURRENCY_PREFIX.containsKey(next)) {
      out.add(CURRENCY_PREFIX.get(next) + text);
      return i + 2;
    }
    out.add(text);
    return i + 1;
  }

  private static boolean isDecimal(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** One number being read word by word. */
  private static final class Parse {
    private long total;
    private long group;
    private Kind last;
    private long lastScale = Long.MAX_VALUE;
    private String decimals = "";
    private String suffix = "";

    /** Consumes the number starting at {@code start}; returns the index after it. */
    int consume(List<String> words, int start) {
      int i = start;
      while (i < words.size()) {
        String word = words.get(i);
        Entry entry = NumberWords.lookup(word);
        if (entry != null && accepts(entry)) {
          add(entry);
          i++;
          if (entry.ordinal()) {
            suffix = NumberWords.ordinalSuffix(total + group);
            break;
          }
        } else if (word.equals("and") && bridgesAnd(words, i)) {
          i++;
        } else if (word.equals("point") && digitFollows(words, i)) {
          i = readDecimals(words, i + 1);
          break;
        } else {
          break;
        }
      }
      return i;
    }

    private boolean accepts(Entry e) {
      if (last == null) {
        return true;
      }
      return switch (e.kind()) {
        case ONES ->
            e.value() > 0
                && (last == Kind.HUNDRED
                    || last == Kind.SCALE
                    || (last == Kind.TENS && group % 10 == 0));
        case TEEN -> last == Kind.HUNDRED || last == Kind.SCALE;
        case TENS ->
            last == Kind.HUNDRED || last == Kind.SCALE || (last == Kind.TEEN && total == 0);
        case HUNDRED -> last != Kind.HUNDRED && last != Kind.SCALE && group > 0 && group < 10;
        case SCALE -> last != Kind.SCALE && group > 0 && e.value() < lastScale;
      };
    }

    private void add(Entry e) {
      switch (e.kind()) {
        case ONES, TEEN -> group += e.value();
        case TENS -> group = last == Kind.TEEN ? group * 100 + e.value() : group + e.value();
        case HUNDRED -> group *= 100;
        case SCALE -> {
          total += group * e.value();
          group = 0;
          lastScale = e.value();
        }
      }
      last = e.kind();
    }

    private boolean bridgesAnd(List<String> words, int i) {
      if (last != Kind.HUNDRED && last != Kind.SCALE || i + 1 >= words.size()) {
        return false;
      }
      Entry next = NumberWords.lookup(words.get(i + 1));
      return next != null && next.kind() != Kind.HUNDRED && next.kind() != Kind.SCALE;
    }

    private static boolean digitFollows(List<String> words, int i) {
      if (i + 1 >= words.size()) {
        return false;
      }
      Entry next = NumberWords.lookup(words.get(i + 1));
      return next != null && next.kind() == Kind.ONES && !next.ordinal();
    }

    private int readDecimals(List<String> words, int i) {
      StringBuilder digits = new StringBuilder();
      while (i < words.size()) {
        Entry e = NumberWords.lookup(words.get(i));
        if (e == null || e.kind() != Kind.ONES || e.ordinal()) {
          break;
        }
        digits.append(e.value());
        i++;
      }
      decimals = "." + digits;
      return i;
    }

    String text() {
      return (total + group) + decimals + suffix;
    }
  }
}
