package io.distillery.asrmetrics.text;

import java.util.HashMap;
import java.util.Map;

/** The English number words the number normaliser reads, with their values and kinds. */
final class NumberWords {

  /** What part a number word plays. */
  enum Kind {
    ONES,
    TEEN,
    TENS,
    HUNDRED,
    SCALE
  }

  /**
   * A number word's value, kind and whether it is an ordinal ({@code fifth}, {@code hundredth}).
   */
  record Entry(long value, Kind kind, boolean ordinal) {}

  private static final Map<String, Entry> WORDS = new HashMap<>();

  static {
    String[] ones = {
      "zero",
      "one",
      "two",
      "three",
      "four",
      "five",
      "six",
      "seven",
      "eight",
      "nine",
      "ten",
      "eleven",
      "twelve",
      "thirteen",
      "fourteen",
      "fifteen",
      "sixteen",
      "seventeen",
      "eighteen",
      "nineteen"
    };
    String[] ordinalOnes = {
      "zeroth",
      "first",
      "second",
      "third",
      "fourth",
      "fifth",
      "sixth",
      "seventh",
      "eighth",
      "ninth",
      "tenth",
      "eleventh",
      "twelfth",
      "thirteenth",
      "fourteenth",
      "fifteenth",
      "sixteenth",
      "seventeenth",
      "eighteenth",
      "nineteenth"
    };
    for (int v = 0; v < ones.length; v++) {
      Kind kind = v < 10 ? Kind.ONES : Kind.TEEN;
      WORDS.put(ones[v], new Entry(v, kind, false));
      WORDS.put(ordinalOnes[v], new Entry(v, kind, true));
    }
    String[] tens = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (int t = 0; t < tens.length; t++) {
      String ordinal = tens[t].substring(0, tens[t].length() - 1) + "ieth";
      WORDS.put(tens[t], new Entry(20L + 10L * t, Kind.TENS, false));
      WORDS.put(ordinal, new Entry(20L + 10L * t, Kind.TENS, true));
    }
    WORDS.put("hundred", new Entry(100, Kind.HUNDRED, false));
    WORDS.put("hundredth", new Entry(100, Kind.HUNDRED, true));
    String[] scales = {"thousand", "million", "billion", "trillion"};
    long scale = 1000;
    for (String s : scales) {
      WORDS.put(s, new Entry(scale, Kind.SCALE, false));
      WORDS.put(s + "th", new Entry(scale, Kind.SCALE, true));
      scale *= 1000;
    }
  }

  private NumberWords() {}

  /** The entry for {@code word}, or null if it is not a number word. */
  static Entry lookup(String word) {
    return WORDS.get(word);
  }

  /** The English ordinal suffix of {@code value}: st, nd, rd or th. */
  static String ordinalSuffix(long value) {
    long lastTwo = value % 100;
    if (lastTwo >= 11 && lastTwo <= 13) {
      return "th";
    }
    return switch ((int) (value % 10)) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }
}
