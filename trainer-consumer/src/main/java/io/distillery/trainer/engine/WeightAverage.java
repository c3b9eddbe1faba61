package io.distillery.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An exponential moving average of a student's parameters (the "EMA" or weight-averaging defence
 * against forgetting): after every step {@code average = decay * average + (1 - decay) * weights}.
 * The averaged weights can be swapped in for an evaluation and swapped out again, leaving the
 * trained weights exactly as they were. Only parameters are averaged; buffers (batch-norm
 * statistics) stay those of the trained weights.
 */
public final class WeightAverage implements AutoCloseable {

  private final TorchScriptModule module;
  private final float decay;
  private final NDManager manager;
  private final List<NDArray> averages = new ArrayList<>();
  private long updates;

  /**
   * Starts the average at the module's current weights.
   *
   * @param decay the weight of the old average at each update, in [0, 1)
   */
  public WeightAverage(TorchScriptModule module, float decay) {
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
    }
    this.module = module;
    this.decay = decay;
    this.manager = module.manager().newSubManager();
    withoutGradients(
        () -> {
          for (NDArray weight : weights()) {
            NDArray copy = weight.duplicate();
            copy.attach(manager);
            averages.add(copy);
          }
          return null;
        });
  }

  /** Folds the module's current weights into the average (call after each step). */
  public void update() {
    withoutGradients(
        () -> {
          List<NDArray> weights = weights();
          for (int i = 0; i < weights.size(); i++) {
            try (NDArray scaled = weights.get(i).mul(1 - decay)) {
              averages.get(i).muli(decay).addi(scaled);
            }
          }
          return null;
        });
    updates++;
  }

  /** Updates folded in so far. */
  public long updates() {
    return updates;
  }

  /**
   * Runs {@code action} (an evaluation, a write) with the averaged weights in the module, then puts
   * the trained weights back.
   */
  public <T, E extends Exception> T withAverage(Action<T, E> action) throws E {
    List<NDArray> trained = new ArrayList<>();
    List<NDArray> weights = weights();
    withoutGradients(
        () -> {
          for (int i = 0; i < weights.size(); i++) {
            NDArray saved = weights.get(i).duplicate();
            saved.attach(manager);
            trained.add(saved);
            weights.get(i).muli(0).addi(averages.get(i));
          }
          return null;
        });
    try {
      return action.run();
    } finally {
      withoutGradients(
          () -> {
            for (int i = 0; i < weights.size(); i++) {
              weights.get(i).muli(0).addi(trained.get(i));
              trained.get(i).close();
            }
            return null;
          });
    }
  }

  /**
   * What runs with the averaged weights in place.
   *
   * @param <T> its result
   * @param <E> what it may throw
   */
  @FunctionalInterface
  public interface Action<T, E extends Exception> {
    /** Runs it. */
    T run() throws E;
  }

  /** The module's parameter arrays, in order (looked up each time: the optimiser owns them). */
  private List<NDArray> weights() {
    List<NDArray> out = new ArrayList<>();
    for (Pair<String, Parameter> p : module.block().getParameters()) {
      out.add(p.getValue().getArray());
    }
    return out;
  }

  private static <T> T withoutGradients(Supplier<T> action) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return action.get();
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
