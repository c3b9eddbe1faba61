package io.distillery.lab.experiment;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.filter.policy.Judge;
import io.distillery.filter.policy.Verdict;
import io.distillery.lab.Home;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
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
   * @param trainings one student's training and held-out metric per seed, in seed order
   */
  record Result(
      ExperimentArm arm,
      int kept,
      int total,
      double labelQuality,
      List<FixedBudgetTraining.Outcome> trainings) {

    Result {
      if (trainings.isEmpty()) {
        throw new IllegalArgumentException("an arm trains at least one student");
      }
      trainings = List.copyOf(trainings);
    }

    double keptShare() {
      return total == 0 ? 0 : (double) kept / total;
    }

    /** The held-out metric's name, e.g. {@code accuracy}. */
    String metricName() {
      return trainings.get(0).metric().name();
    }

    /** The held-out metric of each seed's student. */
    double[] metrics() {
      return trainings.stream().mapToDouble(t -> t.metric().value()).toArray();
    }

    /** The mean held-out metric over the seeds. */
    double mean() {
      return java.util.Arrays.stream(metrics()).average().orElseThrow();
    }

    /**
     * The spread of the held-out metric over the seeds: their sample standard deviation, 0 for one
     * seed.
     */
    double spread() {
      double[] values = metrics();
      if (values.length < 2) {
        return 0;
      }
      double mean = mean();
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }
      return Math.sqrt(squares / (values.length - 1));
    }

    /**
     * Whether this arm's mean differs from {@code baseline}'s by more than their spreads together:
     * the only differences the report calls an effect.
     */
    boolean differsFrom(Result baseline) {
      return Math.abs(mean() - baseline.mean()) > spread() + baseline.spread();
    }

    /** Steps each student took (the budget, or 0 when the arm kept nothing). */
    int steps() {
      return trainings.get(0).steps();
    }

    /** The mean over the seeds of the last tenth's mean loss. */
    double meanLastLoss() {
      return trainings.stream()
          .mapToDouble(FixedBudgetTraining.Outcome::meanLastLoss)
          .average()
          .orElse(Double.NaN);
    }
  }

  private final Objective<S> objective;
  private final LongFunction<Path> initialStudent;
  private final List<Long> seeds;
  private final Supplier<CheckpointableOptimizer> optimizer;
  private final FixedBudgetTraining.Budget budget;
  private final Function<List<LabeledRecord>, Double> labelQuality;
  private final ClaimCheckResolver claimChecks;

  /**
   * Arms that train a copy of the demo's {@code student} per seed (generated into the model cache)
   * with Adam at a peak rate of 0.002 (20 warm-up steps, ×0.7 every 1,000): what every experiment
   * runs.
   */
  static <S> ExperimentArms<S> ofDemoStudent(
      Objective<S> objective,
      DemoModel student,
      List<Long> seeds,
      FixedBudgetTraining.Budget budget,
      Function<List<LabeledRecord>, Double> labelQuality,
      ClaimCheckResolver claimChecks) {
    return new ExperimentArms<>(
        objective,
        seed -> ModelDefinitions.inCache(Home.state("models")).ensure(student, seed),
        seeds,
        ExperimentArms::studentOptimizer,
        budget,
        labelQuality,
        claimChecks);
  }

  /** Adam at a peak rate of 0.002 (20 warm-up steps, ×0.7 every 1,000): every experiment's. */
  static CheckpointableOptimizer studentOptimizer() {
    return new CheckpointableOptimizer(
        CheckpointableOptimizer.Kind.ADAM,
        new LearningRateSchedule(0.002f, 20, 1000, 0.7f, 0.00002f),
        0);
  }

  /**
   * @param objective how kept records become samples and how the student is evaluated
   * @param initialStudent the untrained student of a seed, which every arm starts from
   * @param seeds the seeds: each arm trains one student per seed, from that seed's initial student
   *     and in that seed's sample order
   * @param optimizer makes each arm's optimiser
   * @param budget the same steps and batch size for every arm (its seed is replaced by each seed)
   * @param labelQuality the quality of a set of kept pseudo-labels against their references
   * @param claimChecks resolves payloads passed by claim check
   */
  ExperimentArms(
      Objective<S> objective,
      LongFunction<Path> initialStudent,
      List<Long> seeds,
      Supplier<CheckpointableOptimizer> optimizer,
      FixedBudgetTraining.Budget budget,
      Function<List<LabeledRecord>, Double> labelQuality,
      ClaimCheckResolver claimChecks) {
    this.objective = objective;
    this.initialStudent = initialStudent;
    this.seeds = List.copyOf(seeds);
    this.optimizer = optimizer;
    this.budget = budget;
    this.labelQuality = labelQuality;
    this.claimChecks = claimChecks;
  }

  /** Filters {@code labeled} with the arm's policy, trains and evaluates a student per seed. */
  Result run(ExperimentArm arm, List<LabeledRecord> labeled) {
    Selection<S> selection = select(arm, labeled);
    List<FixedBudgetTraining.Outcome> trainings = new ArrayList<>();
    for (long seed : seeds) {
      trainings.add(
          FixedBudgetTraining.run(
              objective,
              initialStudent.apply(seed),
              optimizer,
              selection.samples(),
              budget.withSeed(seed),
              null));
    }
    return new Result(
        arm,
        selection.kept().size(),
        labeled.size(),
        labelQuality.apply(selection.kept()),
        trainings);
  }

  /**
   * Trains one student as {@link #run} does for {@code seed} and writes it to {@code file}: e.g.
   * the version a pipeline filtering with {@code arm} would serve.
   */
  FixedBudgetTraining.Outcome trainAndSave(
      ExperimentArm arm, List<LabeledRecord> labeled, long seed, Path file) {
    return FixedBudgetTraining.run(
        objective,
        initialStudent.apply(seed),
        optimizer,
        select(arm, labeled).samples(),
        budget.withSeed(seed),
        file);
  }

  /** The samples of the records an arm keeps, and those records. */
  private record Selection<S>(List<S> samples, List<LabeledRecord> kept) {}

  private Selection<S> select(ExperimentArm arm, List<LabeledRecord> labeled) {
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
    return new Selection<>(samples, kept);
  }
}
