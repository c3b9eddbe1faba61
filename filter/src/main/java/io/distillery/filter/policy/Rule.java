package io.distillery.filter.policy;

import io.distillery.schemas.avro.Decision;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One threshold on one score. An upper-bound rule ({@code acceptAtMost}, optional {@code
 * softAtMost}) accepts a score up to its bound, makes it SOFT up to the soft bound, and rejects
 * above; a lower-bound rule ({@code acceptAtLeast}, {@code softAtLeast}) mirrors it. {@code
 * ifMissing} says what a record without the score gets: {@code ignore} (the rule does not apply),
 * {@code soft} or {@code reject}.
 *
 * @param score the score name, e.g. {@code reference-wer}
 * @param acceptAtMost accept when the score is at most this
 * @param softAtMost soft when above {@code acceptAtMost} but at most this
 * @param acceptAtLeast accept when the score is at least this
 * @param softAtLeast soft when below {@code acceptAtLeast} but at least this
 * @param ifMissing ignore, soft or reject
 */
public record Rule(
    String score,
    Double acceptAtMost,
    Double softAtMost,
    Double acceptAtLeast,
    Double softAtLeast,
    String ifMissing) {

  /** Validates the rule at once, naming the score in every message. */
  public Rule {
    if (score == null || score.isBlank()) {
      throw new IllegalArgumentException("every rule needs a 'score'");
    }
    boolean upper = acceptAtMost != null;
    boolean lower = acceptAtLeast != null;
    if (upper == lower) {
      throw new IllegalArgumentException(
          "rule '" + score + "': give exactly one of acceptAtMost or acceptAtLeast");
    }
    if (upper && (softAtLeast != null || softAtMost != null && softAtMost < acceptAtMost)) {
      throw new IllegalArgumentException(
          "rule '" + score + "': softAtMost must be >= acceptAtMost, and no softAtLeast");
    }
    if (lower && (softAtMost != null || softAtLeast != null && softAtLeast > acceptAtLeast)) {
      throw new IllegalArgumentException(
          "rule '" + score + "': softAtLeast must be <= acceptAtLeast, and no softAtMost");
    }
    ifMissing = ifMissing == null ? "ignore" : ifMissing.toLowerCase(Locale.ROOT);
    if (!ifMissing.equals("ignore") && !ifMissing.equals("soft") && !ifMissing.equals("reject")) {
      throw new IllegalArgumentException(
          "rule '" + score + "': ifMissing must be ignore, soft or reject, got " + ifMissing);
    }
  }

  /** The rule's verdict on {@code scores}: empty when it passes or does not apply. */
  public Optional<Outcome> evaluate(Map<String, Double> scores) {
    Double value = scores.get(score);
    if (value == null) {
      return switch (ifMissing) {
        case "soft" -> Optional.of(new Outcome(Decision.SOFT, score + " missing"));
        case "reject" -> Optional.of(new Outcome(Decision.REJECT, score + " missing"));
        default -> Optional.empty();
      };
    }
    if (acceptAtMost != null) {
      if (value <= acceptAtMost) {
        return Optional.empty();
      }
      Decision d = softAtMost != null && value <= softAtMost ? Decision.SOFT : Decision.REJECT;
      return Optional.of(new Outcome(d, describe(value, ">", acceptAtMost, d)));
    }
    if (value >= acceptAtLeast) {
      return Optional.empty();
    }
    Decision d = softAtLeast != null && value >= softAtLeast ? Decision.SOFT : Decision.REJECT;
    return Optional.of(new Outcome(d, describe(value, "<", acceptAtLeast, d)));
  }

  private String describe(double value, String op, double bound, Decision d) {
    return score
        + ' '
        + fourSignificant(value)
        + ' '
        + op
        + ' '
        + fourSignificant(bound)
        + " ("
        + d.name().toLowerCase(Locale.ROOT)
        + ')';
  }

  private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);

  /**
   * {@code String.format(Locale.ROOT, "%.4g", value)}, built directly for finite values between
   * 1e-4 and 1e4 (what scores are), where the formatter costs the filter a few microseconds a
   * record: Java's {@code %g} rounds the shortest decimal form of the double half-up to 4
   * significant digits and prints it in plain notation in that range.
   */
  static String fourSignificant(double value) {
    if (value == 0.0) {
      return Double.doubleToRawLongBits(value) == 0 ? "0.000" : "-0.000";
    }
    if (Double.isFinite(value)) {
      BigDecimal rounded = BigDecimal.valueOf(value).round(FOUR_DIGITS);
      int exponent = rounded.precision() - rounded.scale() - 1;
      if (exponent >= -4 && exponent < 4) {
        return rounded.setScale(3 - exponent, RoundingMode.UNNECESSARY).toPlainString();
      }
    }
    return String.format(Locale.ROOT, "%.4g", value);
  }

  /**
   * What a rule that did not pass says.
   *
   * @param decision SOFT or REJECT
   * @param reason for a person, e.g. {@code reference-wer 0.25 > 0.1 (reject)}
   */
  public record Outcome(Decision decision, String reason) {}
}
