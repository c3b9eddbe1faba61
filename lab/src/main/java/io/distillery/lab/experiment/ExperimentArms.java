package io.distillery.lab.experiment;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.filter.policy.Judge;
import io.distillery.filter.policy.Verdict;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the arms of an experiment on one labeled stream: each arm's policy is applied by the filter
 * stage's own {@link Judge} (the pure core of the Kafka Streams topology), the kept records become
 * samples as the trainer-consumer makes them, and a fresh student is trained on them within the
 * same budget as every other arm and evaluated on the held-out set.
 *
 * @param <S> the objective's sample type
 */
final class ExperimentArms<S> {

  /**
   * One arm's outcome.
   *
   * @param arm the arm
   * @param kept records the policy accepted (ACCEPT or SOFT) and that made a sample
   * @param total labeled records offered
   * @param labelQuality the kept pseudo-labels' quality against the references (accuracy or WER)
   * @param training the student's training and held-out metric
   */
  record Result(
      ExperimentArm arm,
      int kept,
      int total,
      double labelQuality,
      FixedBudgetTraining.Outcome training) {

    double keptShare() {
      return total == 0 ? 0 : (double) kept / total;
    }
  }

  private final Objective<S> objective;
  private final Path initialStudent;
  private final Supplier<CheckpointableOptimizer> optimizer;
  private final FixedBudgetTraining.Budget budget;
  private final Function<List<LabeledRecord>, Double> labelQuality;
  private final ClaimCheckResolver claimChecks;

  /**
   * @param objective how kept records become samples and how the student is evaluated
   * @param initialStudent the untrained student every arm starts from
   * @param optimizer makes each arm's optimiser
   * @param budget the same steps and batch size for every arm
   * @param labelQuality the quality of a set of kept pseudo-labels against their references
   * @param claimChecks resolves payloads passed by claim check
   */
  ExperimentArms(
      Objective<S> objective,
      Path initialStudent,
      Supplier<CheckpointableOptimizer> optimizer,
      FixedBudgetTraining.Budget budget,
      Function<List<LabeledRecord>, Double> labelQuality,
      ClaimCheckResolver claimChecks) {
    this.objective = objective;
    this.initialStudent = initialStudent;
    this.optimizer = optimizer;
    this.budget = budget;
    this.labelQuality = labelQuality;
    this.claimChecks = claimChecks;
  }

  /** Filters {@code labeled} with the arm's policy, trains and evaluates a student. */
  Result run(ExperimentArm arm, List<LabeledRecord> labeled) {
    Judge judge = new Judge(arm.policy());
    List<S> samples = new ArrayList<>();
    List<LabeledRecord> kept = new ArrayList<>();
    Instant now = Instant.now();
    for (LabeledRecord record : labeled) {
      Map<String, Double> scores = judge.score(record);
      Verdict verdict = arm.policy().decide(scores);
      if (verdict.decision() == Decision.REJECT) {
        continue;
      }
      ScoredRecord scored = judge.scored(record, scores, verdict, now);
      try {
        samples.addAll(objective.decode(scored, claimChecks.payload(record.getRaw())));
        kept.add(record);
      } catch (RefusedRecordException e) {
        // The trainer-consumer would dead-letter it; here it is simply not kept.
        continue;
      }
    }
    FixedBudgetTraining.Outcome training =
        FixedBudgetTraining.run(objective, initialStudent, optimizer, samples, budget);
    return new Result(arm, kept.size(), labeled.size(), labelQuality.apply(kept), training);
  }
}
