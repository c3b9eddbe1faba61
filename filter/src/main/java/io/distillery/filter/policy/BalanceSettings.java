package io.distillery.filter.policy;

import java.util.Locale;

/**
 * A cap on the share of accepted records any one class (or language) may take, so a stream that is
 * mostly one class does not teach the student only that class. Applies once {@code minAccepted}
 * records have been accepted in total; an over-cap record is rejected with a reason.
 *
 * @param by what a record's class is: {@code predicted-class} (the teacher's argmax) or {@code
 *     language} (the raw record's language)
 * @param maxShare the largest share of accepted records one class may hold, in (0, 1]
 * @param minAccepted accepted records before the cap applies
 */
public record BalanceSettings(String by, double maxShare, long minAccepted) {

  /** Validates the settings. */
  public BalanceSettings {
    by = by == null ? "" : by.toLowerCase(Locale.ROOT);
    if (!by.equals("predicted-class") && !by.equals("language")) {
      throw new IllegalArgumentException(
          "balance.by must be predicted-class or language, got '" + by + "'");
    }
    if (!(maxShare > 0 && maxShare <= 1)) {
      throw new IllegalArgumentException("balance.maxShare must be in (0, 1], got " + maxShare);
    }
    if (minAccepted < 0) {
      throw new IllegalArgumentException("balance.minAccepted must be >= 0");
    }
  }

  /**
   * Whether accepting one more record of a class would push it over the cap.
   *
   * @param classAccepted records of this class accepted so far
   * @param totalAccepted records of every class accepted so far
   */
  public boolean overCap(long classAccepted, long totalAccepted) {
    if (totalAccepted < minAccepted) {
      return false;
    }
    return (classAccepted + 1.0) / (totalAccepted + 1.0) > maxShare;
  }
}
