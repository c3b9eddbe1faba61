package io.distillery.bench.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads figures out of a Prometheus text exposition (format 0.0.4): the sum of a metric's samples
 * whose labels include given ones, e.g. {@code jvm_memory_used_bytes} with {@code area="heap"}
 * summed over the heap's pools.
 */
final class PrometheusText {

  private PrometheusText() {}

  /**
   * The sum of the values of {@code metric}'s samples carrying every label of {@code labels}, or
   * NaN when no sample matches.
   */
  static double sum(String exposition, String metric, Map<String, String> labels) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int nameEnd = brace >= 0 && (space < 0 || brace < space) ? brace : space;
      if (nameEnd < 0 || !line.substring(0, nameEnd).equals(metric)) {
        continue;
      }
      Map<String, String> own = new HashMap<>();
      int rest = nameEnd;
      if (nameEnd == brace) {
        rest = parseLabels(line, brace + 1, own);
      }
      if (!own.entrySet().containsAll(labels.entrySet())) {
        continue;
      }
      String[] fields = line.substring(rest).trim().split("\\s+");
      sum += Double.parseDouble(fields[0]);
      found = true;
    }
    return found ? sum : Double.NaN;
  }

  /** Parses {@code k="v",...}} from {@code from}; returns the index after the closing brace. */
  private static int parseLabels(String line, int from, Map<String, String> into) {
    int i = from;
    while (i < line.length() && line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String key = line.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // past ="
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      into.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }
}
