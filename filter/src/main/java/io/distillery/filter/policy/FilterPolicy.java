package io.distillery.filter.policy;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.filter.scoring.ClassificationScorer;
import io.distillery.filter.scoring.CommitteeScorer;
import io.distillery.filter.scoring.ConfidenceScorer;
import io.distillery.filter.scoring.HallucinationScorer;
import io.distillery.filter.scoring.ProxyAgreementScorer;
import io.distillery.filter.scoring.ReferenceWerScorer;
import io.distillery.filter.scoring.Scorer;
import io.distillery.filter.scoring.StudentAgreementScorer;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A task's filter policy: the scorers to run, the rules over their scores, how SOFT records are
 * weighted, and an optional balance cap. The decision is the worst of the rules' outcomes (REJECT
 * over SOFT over ACCEPT), with every failing rule's reason. Built from JSON by {@link
 * PolicyLoader}; validated on construction.
 *
 * @param name the policy's name, written into each scored record
 * @param task the task it is meant for
 * @param normalizer text normaliser for WER-based scorers: none, english or basic
 * @param ngram n of the repeated n-gram score (default 5)
 * @param classNames class names, index order, so references may name a class (may be empty)
 * @param scorers scorer names: reference-wer, proxy-wer, confidence, hallucination, classification,
 *     committee, student
 * @param rules thresholds over score names
 * @param soft weight and soft-target setting of SOFT records (default weight 0.5)
 * @param balance the per-class cap, or null for none
 */
public record FilterPolicy(
    String name,
    String task,
    String normalizer,
    Integer ngram,
    List<String> classNames,
    List<String> scorers,
    List<Rule> rules,
    SoftSettings soft,
    BalanceSettings balance) {

  /** Validates and fills defaults. */
  public FilterPolicy {
    if (name == null || name.isBlank() || task == null || task.isBlank()) {
      throw new IllegalArgumentException("a policy needs a 'name' and a 'task'");
    }
    normalizer = normalizer == null ? "none" : normalizer;
    TextNormalizer.named(normalizer);
    ngram = ngram == null ? 5 : ngram;
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    scorers = scorers == null ? List.of() : List.copyOf(scorers);
    rules = rules == null ? List.of() : List.copyOf(rules);
    soft = soft == null ? SoftSettings.DEFAULT : soft;
    if (scorers.isEmpty()) {
      throw new IllegalArgumentException("policy '" + name + "' lists no scorers");
    }
    instantiate(scorers, TextNormalizer.named(normalizer), ngram, classNames);
  }

  /** New instances of the policy's scorers, in policy order. */
  public List<Scorer> buildScorers() {
    return instantiate(scorers, TextNormalizer.named(normalizer), ngram, classNames);
  }

  /** The names of the scores the rules judge by. */
  public Set<String> judgedScores() {
    Set<String> judged = new LinkedHashSet<>();
    rules.forEach(rule -> judged.add(rule.score()));
    return judged;
  }

  /** Runs {@code scorers} and merges their scores in order. */
  public static Map<String, Double> scoreAll(List<Scorer> scorers, LabeledRecord record) {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Scorer scorer : scorers) {
      scores.putAll(scorer.score(record));
    }
    return scores;
  }

  /** The decision the rules give for {@code scores}. */
  public Verdict decide(Map<String, Double> scores) {
    Decision decision = Decision.ACCEPT;
    List<String> reasons = new ArrayList<>();
    for (Rule rule : rules) {
      Optional<Rule.Outcome> outcome = rule.evaluate(scores);
      if (outcome.isPresent()) {
        reasons.add(outcome.get().reason());
        if (outcome.get().decision() == Decision.REJECT || decision == Decision.ACCEPT) {
          decision = outcome.get().decision();
        }
      }
    }
    return switch (decision) {
      case ACCEPT -> new Verdict(Decision.ACCEPT, 1.0, false, reasons);
      case SOFT -> new Verdict(Decision.SOFT, soft.weight(), soft.softTargetOnly(), reasons);
      case REJECT -> new Verdict(Decision.REJECT, 0.0, false, reasons);
    };
  }

  private static List<Scorer> instantiate(
      List<String> names, TextNormalizer normalizer, int ngram, List<String> classNames) {
    List<Scorer> built = new ArrayList<>();
    for (String scorer : names) {
      built.add(
          switch (scorer) {
            case ReferenceWerScorer.NAME -> new ReferenceWerScorer(normalizer);
            case ProxyAgreementScorer.NAME -> new ProxyAgreementScorer(normalizer);
            case ConfidenceScorer.NAME -> new ConfidenceScorer();
            case HallucinationScorer.NAME -> new HallucinationScorer(normalizer, ngram);
            case ClassificationScorer.NAME -> new ClassificationScorer(classNames);
            case CommitteeScorer.NAME -> new CommitteeScorer(normalizer);
            case StudentAgreementScorer.NAME -> new StudentAgreementScorer(normalizer);
            default ->
                throw new IllegalArgumentException(
                    "unknown scorer '"
                        + scorer
                        + "': use reference-wer, proxy-wer, confidence, hallucination,"
                        + " classification, committee or student");
          });
    }
    return built;
  }
}
