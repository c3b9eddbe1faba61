package io.distillery.filter.topology;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Running counters of the filter, kept in the {@value FilterTopology#STATS_STORE} store so the
 * monitor can read them by interactive query. Keys, all counts:
 *
 * <ul>
 *   <li>{@code records}, {@code decision/<ACCEPT|SOFT|REJECT>}, {@code dlq/<error-type>};
 *   <li>{@code class/<class>/decision/<decision>}: per predicted class (classification) or per
 *       language (speech);
 *   <li>{@code histogram/<score>/<bin>}: bin {@code floor(value / 0.05)}, clamped to [-100, 100],
 *       so bin 2 holds [0.10, 0.15) and bin 100 holds 5.0 and above.
 * </ul>
 */
public final class FilterStatistics {

  /** Width of a histogram bin. */
  public static final double BIN_WIDTH = 0.05;

  /** Largest absolute bin index; values beyond it land in the edge bins. */
  public static final int MAX_BIN = 100;

  private final KeyValueStore<String, Long> store;

  /** Counters kept in {@code store}. */
  public FilterStatistics(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  /** Counts one decided record of {@code recordClass} with its scores. */
  public void recordDecision(String decision, String recordClass, Map<String, Double> scores) {
    increment("records");
    increment("decision/" + decision);
    increment("class/" + recordClass + "/decision/" + decision);
    scores.forEach((name, value) -> increment("histogram/" + name + "/" + bin(value)));
  }

  /** Counts one dead-lettered record. */
  public void recordDeadLetter(String errorType) {
    increment("records");
    increment("dlq/" + errorType);
  }

  /** The histogram bin of {@code value}. */
  public static int bin(double value) {
    if (Double.isNaN(value)) {
      return MAX_BIN;
    }
    double b = Math.floor(value / BIN_WIDTH);
    return (int) Math.max(-MAX_BIN, Math.min(MAX_BIN, b));
  }

  /** The lower edge of bin {@code bin}, for display. */
  public static String binLabel(int bin) {
    return String.format(Locale.ROOT, "%.2f", bin * BIN_WIDTH);
  }

  private void increment(String key) {
    Long current = store.get(key);
    store.put(key, current == null ? 1L : current + 1);
  }
}
