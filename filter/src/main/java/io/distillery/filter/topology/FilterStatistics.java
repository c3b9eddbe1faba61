package io.distillery.filter.topology;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Running counters of the filter, kept in the {@value FilterTopology#STATS_STORE} store
 * (changelogged, exactly once with the records) so they can be read by interactive query ({@code
 * FilterApp#statistics}). Keys, all counts:
 *
 * <ul>
 *   <li>{@code class/<class>/decision/<ACCEPT|SOFT|REJECT>}: per predicted class (classification)
 *       or per language (speech);
 *   <li>{@code dlq/<error-type>};
 *   <li>{@code histogram/<score>/<bin>} for each score a rule of the policy judges by (what an
 *       operator tunes thresholds on): bin {@code floor(value / 0.05)}, clamped to [-100, 100], so
 *       bin 2 holds [0.10, 0.15) and bin 100 holds 5.0 and above; every score's count, sum and
 *       maximum are in the metrics ({@code distillery_filter_score});
 *   <li>derived when read ({@link #withTotals}), not stored: {@code records} and {@code
 *       decision/<decision>}.
 * </ul>
 *
 * <p>Each write costs the filter more than decoding the record, so a record costs one write plus
 * one per judged score.
 */
public final class FilterStatistics {

  /** Width of a histogram bin. */
  public static final double BIN_WIDTH = 0.05;

  /** Largest absolute bin index; values beyond it land in the edge bins. */
  public static final int MAX_BIN = 100;

  private static final String CLASS = "class/";
  private static final String DECISION = "/decision/";
  private static final String DLQ = "dlq/";

  private final Counts counts;
  private final Set<String> histogrammed;

  /** Counters kept in {@code store}, with histograms of the scores in {@code histogrammed}. */
  public FilterStatistics(KeyValueStore<String, Long> store, Set<String> histogrammed) {
    this.counts = new Counts(store);
    this.histogrammed = Set.copyOf(histogrammed);
  }

  /** Counts one decided record of {@code recordClass} with its scores. */
  public void recordDecision(String decision, String recordClass, Map<String, Double> scores) {
    counts.increment(CLASS + recordClass + DECISION + decision);
    for (String score : histogrammed) {
      Double value = scores.get(score);
      if (value != null) {
        counts.increment("histogram/" + score + "/" + bin(value));
      }
    }
  }

  /** Counts one dead-lettered record. */
  public void recordDeadLetter(String errorType) {
    counts.increment(DLQ + errorType);
  }

  /** The histogram bin of {@code value}. */
  public static int bin(double value) {
    if (Double.isNaN(value)) {
      return MAX_BIN;
    }
    double b = Math.floor(value / BIN_WIDTH);
    return (int) Math.max(-MAX_BIN, Math.min(MAX_BIN, b));
  }

  /**
   * The stored counters with the totals derived from them: {@code records} (every decided or
   * dead-lettered record) and {@code decision/<decision>} (summed over classes). Totals that a
   * store written by an older version still holds are replaced by the derived ones.
   */
  public static Map<String, Long> withTotals(Map<String, Long> stored) {
    Map<String, Long> all = new TreeMap<>();
    long records = 0;
    for (Map.Entry<String, Long> e : stored.entrySet()) {
      String key = e.getKey();
      if (key.equals("records") || key.startsWith("decision/")) {
        continue;
      }
      all.put(key, e.getValue());
      int decision = key.indexOf(DECISION);
      if (key.startsWith(CLASS) && decision > 0) {
        all.merge(
            "decision/" + key.substring(decision + DECISION.length()), e.getValue(), Long::sum);
        records += e.getValue();
      } else if (key.startsWith(DLQ)) {
        records += e.getValue();
      }
    }
    all.put("records", records);
    return all;
  }
}
