package io.distillery.lab.teacher;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.ImageClassifier;
import io.distillery.trainer.engine.TorchScriptModule;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an image classifier defined in TorchScript on a labelled split with cross-entropy and Adam
 * (learning rate decayed by half each epoch), then measures its test accuracy.
 */
public final class TeacherTraining {

  private static final Logger LOG = LoggerFactory.getLogger(TeacherTraining.class);

  /**
   * How to train.
   *
   * @param epochs passes over the training split
   * @param batchSize images per step
   * @param learningRate Adam's initial learning rate
   * @param seed shuffling seed
   */
  public record Settings(int epochs, int batchSize, float learningRate, long seed) {
    /** Validates the settings. */
    public Settings {
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
      }
    }
  }

  /**
   * What one epoch achieved.
   *
   * @param epoch 1-based epoch
   * @param meanLoss mean training loss
   * @param testAccuracy accuracy on the test split after the epoch
   * @param seconds wall time of the epoch's training (evaluation excluded)
   */
  public record EpochReport(int epoch, double meanLoss, double testAccuracy, double seconds) {}

  private TeacherTraining() {}

  /**
   * Trains the untrained TorchScript at {@code definition} and writes the trained module.
   *
   * @param progress receives one report per epoch
   * @param out receives the trained TorchScript
   * @return the final report
   */
  public static EpochReport train(
      Path definition,
      LabelledImages train,
      LabelledImages test,
      Settings settings,
      Consumer<EpochReport> progress,
      OutputStream out) {
    int stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
    Tracker schedule =
        update -> settings.learningRate() * (float) Math.pow(0.5, update / stepsPerEpoch);
    Optimizer adam = Optimizer.adam().optLearningRateTracker(schedule).build();
    Random random = new Random(settings.seed());
    EpochReport report = null;
    try (TorchScriptModule module = TorchScriptModule.load(definition, adam)) {
      LOG.info(
          "Training {} ({} parameters) on {} images",
          definition,
          module.parameterCount(),
          train.size());
      for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
        long start = System.nanoTime();
        double meanLoss =
            epoch(module, train, shuffled(train.size(), random), settings.batchSize());
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = ImageClassifier.accuracy(module, test);
        report = new EpochReport(epoch, meanLoss, accuracy, seconds);
        progress.accept(report);
      }
      module.write(out);
    }
    return report;
  }

  private static double epoch(
      TorchScriptModule module, LabelledImages train, int[] order, int batchSize) {
    double lossSum = 0;
    int steps = 0;
    for (int from = 0; from < order.length; from += batchSize) {
      int to = Math.min(order.length, from + batchSize);
      try (NDManager manager = module.newBatchManager()) {
        NDArray images = ImageClassifier.batch(manager, train, order, from, to);
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
          labels[i - from] = train.labels()[order[i]];
        }
        NDArray target = manager.create(labels).toType(ai.djl.ndarray.types.DataType.INT64, false);
        lossSum +=
            module.trainStep(
                new NDList(images), outputs -> crossEntropy(outputs.singletonOrThrow(), target));
        steps++;
        if (steps % 200 == 0) {
          LOG.info(
              "step {} of {}: mean loss {}",
              steps,
              (order.length + batchSize - 1) / batchSize,
              lossSum / steps);
        }
      }
    }
    return lossSum / Math.max(1, steps);
  }

  /** Mean cross-entropy of logits {@code [B,C]} against class indices {@code [B]}. */
  static NDArray crossEntropy(NDArray logits, NDArray target) {
    NDArray logProbs = logits.logSoftmax(1);
    return logProbs.gather(target.reshape(-1, 1), 1).neg().mean();
  }

  private static int[] shuffled(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
