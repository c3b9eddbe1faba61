package io.distillery.lab.experiment;

import ai.djl.training.optimizer.Optimizer;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.engine.TorchScriptModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Trains a fresh student for a fixed number of optimisation steps on a fixed set of samples,
 * cycling through them in a new shuffled order each pass, then evaluates it with the objective.
 * Arms of an experiment that keep different amounts of data get the same compute, so a smaller but
 * cleaner training set is compared fairly with a larger, noisier one.
 */
public final class FixedBudgetTraining {

  /**
   * The budget.
   *
   * @param steps optimisation steps
   * @param batchSize samples per step (the last batch of a pass may be smaller)
   * @param seed the shuffling seed
   */
  public record Budget(int steps, int batchSize, long seed) {

    /** Validates the budget. */
    public Budget {
      if (steps < 0 || batchSize < 1) {
        throw new IllegalArgumentException("steps must be >= 0 and batch size >= 1");
      }
    }

    /** The same budget, shuffled with {@code other}. */
    public Budget withSeed(long other) {
      return new Budget(steps, batchSize, other);
    }
  }

  /**
   * What one arm's training gave.
   *
   * @param metric the held-out metric after the last step
   * @param steps steps taken (0 when there were no samples)
   * @param sampleVisits samples fed to the student, repeats included
   * @param meanLastLoss mean loss of the last tenth of the steps, NaN when none
   */
  public record Outcome(Metric metric, int steps, long sampleVisits, double meanLastLoss) {}

  private FixedBudgetTraining() {}

  /**
   * Trains the student at {@code initialModel} on {@code samples} within {@code budget}.
   *
   * @param optimizer makes the optimiser of this arm
   * @param saveTo where to write the trained student (TorchScript), or null
   */
  public static <S> Outcome run(
      Objective<S> objective,
      Path initialModel,
      Supplier<? extends Optimizer> optimizer,
      List<S> samples,
      Budget budget,
      Path saveTo) {
    try (TorchScriptModule module = TorchScriptModule.load(initialModel, optimizer.get())) {
      if (samples.isEmpty()) {
        return new Outcome(objective.evaluate(module), 0, 0, Double.NaN);
      }
      List<S> order = new ArrayList<>(samples);
      Random random = new Random(budget.seed());
      int tail = Math.max(1, budget.steps() / 10);
      double tailLoss = 0;
      long visits = 0;
      int cursor = order.size();
      for (int step = 0; step < budget.steps(); step++) {
        if (cursor >= order.size()) {
          Collections.shuffle(order, random);
          cursor = 0;
        }
        List<S> batch = order.subList(cursor, Math.min(order.size(), cursor + budget.batchSize()));
        cursor += batch.size();
        visits += batch.size();
        float loss = objective.step(module, batch);
        if (step >= budget.steps() - tail) {
          tailLoss += loss;
        }
      }
      double meanLastLoss =
          budget.steps() == 0 ? Double.NaN : tailLoss / Math.min(tail, budget.steps());
      if (saveTo != null) {
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(saveTo)) {
          module.write(out);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return new Outcome(objective.evaluate(module), budget.steps(), visits, meanLastLoss);
    }
  }
}
