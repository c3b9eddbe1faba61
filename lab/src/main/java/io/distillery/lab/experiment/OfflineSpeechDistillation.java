package io.distillery.lab.experiment;

import io.distillery.trainer.data.SpeechSample;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.engine.SpeechDistillation;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The speech student's learning curve: trains it with the trainer's CTC objective on
 * pseudo-transcribed utterances, epoch after epoch in shuffled batches, and scores the best path
 * its {@code forward} serves on held-out utterances with references every few steps.
 */
public final class OfflineSpeechDistillation {

  /**
   * One point of the curve.
   *
   * @param step optimisation steps taken
   * @param samplesSeen utterances trained on (repeats counted)
   * @param trainLoss mean CTC loss per character of the steps since the previous point (NaN at 0)
   * @param nonFiniteSteps steps since the previous point whose loss was not finite (their updates
   *     are skipped)
   * @param wordErrorRate held-out corpus WER
   * @param characterErrorRate held-out corpus CER
   * @param seconds wall time since training started
   */
  public record Point(
      long step,
      long samplesSeen,
      double trainLoss,
      int nonFiniteSteps,
      double wordErrorRate,
      double characterErrorRate,
      double seconds) {}

  private OfflineSpeechDistillation() {}

  /**
   * Trains for {@code steps} steps, evaluating before the first and every {@code evaluateEvery}.
   *
   * @param progress gets each point as it is measured
   * @return the curve
   */
  public static List<Point> run(
      Path initialModel,
      CheckpointableOptimizer optimizer,
      List<SpeechSample> train,
      List<Utterance> heldOut,
      int batchSize,
      long steps,
      int evaluateEvery,
      long seed,
      Consumer<Point> progress) {
    if (train.isEmpty() || heldOut.isEmpty() || batchSize < 1 || evaluateEvery < 1) {
      throw new IllegalArgumentException(
          "need training samples, held-out utterances, batch size and interval >= 1");
    }
    SpeechDistillation objective = new SpeechDistillation(heldOut);
    List<SpeechSample> order = new ArrayList<>(train);
    Random random = new Random(seed);
    List<Point> curve = new ArrayList<>();
    long start = System.nanoTime();
    try (TorchScriptModule module = TorchScriptModule.load(initialModel, optimizer)) {
      curve.add(point(module, heldOut, 0, 0, Double.NaN, 0, start, progress));
      int next = order.size();
      double lossSum = 0;
      int lossSteps = 0;
      int nonFinite = 0;
      long seen = 0;
      for (long step = 1; step <= steps; step++) {
        if (next + batchSize > order.size()) {
          Collections.shuffle(order, random);
          next = 0;
        }
        List<SpeechSample> batch = order.subList(next, Math.min(order.size(), next + batchSize));
        next += batch.size();
        float loss = objective.step(module, batch);
        if (Float.isFinite(loss)) {
          lossSum += loss;
          lossSteps++;
        } else {
          nonFinite++;
        }
        seen += batch.size();
        if (step % evaluateEvery == 0 || step == steps) {
          double mean = lossSteps == 0 ? Double.NaN : lossSum / lossSteps;
          curve.add(point(module, heldOut, step, seen, mean, nonFinite, start, progress));
          lossSum = 0;
          lossSteps = 0;
          nonFinite = 0;
        }
      }
    }
    return curve;
  }

  private static Point point(
      TorchScriptModule module,
      List<Utterance> heldOut,
      long step,
      long seen,
      double loss,
      int nonFinite,
      long start,
      Consumer<Point> progress) {
    SpeechDistillation.Score score = SpeechDistillation.score(module, heldOut);
    Point point =
        new Point(
            step,
            seen,
            loss,
            nonFinite,
            score.wordErrorRate(),
            score.characterErrorRate(),
            (System.nanoTime() - start) / 1e9);
    progress.accept(point);
    return point;
  }
}
