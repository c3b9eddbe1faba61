package io.distillery.filter.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.avro.Decision;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A rule's reason prints numbers exactly as {@code %.4g} did, which users and tests grep for. */
class RuleReasonTest {

  @Property(tries = 3000)
  void shouldPrintFourSignificantDigitsAsTheFormatterDoes(@ForAll("scores") double value) {
    assertThat(Rule.fourSignificant(value)).isEqualTo(String.format(Locale.ROOT, "%.4g", value));
  }

  @Provide
  Arbitrary<Double> scores() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-2, 2).ofScale(7),
        Arbitraries.doubles().between(-1e6, 1e6).ofScale(3),
        Arbitraries.doubles().between(-1e-3, 1e-3).ofScale(12),
        Arbitraries.doubles().between(0, 1).ofScale(5),
        Arbitraries.of(
            0.0,
            -0.0,
            9.9995,
            9.99949,
            0.000099995,
            0.00009999,
            9999.5,
            1234.5,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.MIN_VALUE,
            Double.MAX_VALUE));
  }

  @Test
  void shouldExplainAFailedBoundWithTheValueTheBoundAndTheDecision() {
    Rule rule = new Rule("reference-wer", 0.1, 0.3, null, null, null);
    assertThat(rule.evaluate(Map.of("reference-wer", 0.25)))
        .hasValue(new Rule.Outcome(Decision.SOFT, "reference-wer 0.2500 > 0.1000 (soft)"));
    assertThat(rule.evaluate(Map.of("reference-wer", 12.345)))
        .hasValue(new Rule.Outcome(Decision.REJECT, "reference-wer 12.35 > 0.1000 (reject)"));
    assertThat(rule.evaluate(Map.of("reference-wer", 0.1))).isEmpty();
  }
}
