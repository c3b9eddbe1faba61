package io.distillery.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam or SGD with momentum whose whole state (first and second moments per parameter, the step
 * count that drives the schedule and Adam's bias correction) can be exported into a checkpoint and
 * imported after a restart. DJL's own optimisers keep their moments private, so they cannot be
 * restored; this one can.
 */
public final class CheckpointableOptimizer extends Optimizer {

  /** The update rule. */
  public enum Kind {
    /** Adam (beta1 0.9, beta2 0.999, epsilon 1e-8). */
    ADAM,
    /** SGD with momentum 0.9. */
    SGD
  }

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;
  private static final float MOMENTUM = 0.9f;

  private final Kind kind;
  private final LearningRateSchedule schedule;
  private final Map<String, NDArray> first = new HashMap<>();
  private final Map<String, NDArray> second = new HashMap<>();
  private final Map<String, Integer> steps = new HashMap<>();
  private int restoredStep;

  /**
   * @param kind Adam or SGD
   * @param schedule learning rate by step
   * @param clipGradient element-wise gradient clip (0 for none)
   */
  public CheckpointableOptimizer(Kind kind, LearningRateSchedule schedule, float clipGradient) {
    super(new Builder().optClipGrad(clipGradient > 0 ? clipGradient : -1f).setRescaleGrad(1f));
    this.kind = kind;
    this.schedule = schedule;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = steps.merge(parameterId, restoredStep + 1, (old, one) -> old + 1);
    float lr = schedule.getNewValue(t - 1);
    NDArray m = first.computeIfAbsent(parameterId, id -> weight.zerosLike());
    NDArray v =
        kind == Kind.ADAM ? second.computeIfAbsent(parameterId, id -> weight.zerosLike()) : null;
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDScope scope = new NDScope()) {
      NDArray g = clipGrad > 0 ? grad.clip(-clipGrad, clipGrad) : grad;
      if (kind == Kind.SGD) {
        m.muli(MOMENTUM).addi(g);
        weight.subi(m.mul(lr));
        return;
      }
      m.muli(BETA1).addi(g.mul(1 - BETA1));
      v.muli(BETA2).addi(g.square().muli(1 - BETA2));
      double correction1 = 1 - Math.pow(BETA1, t);
      double correction2 = 1 - Math.pow(BETA2, t);
      weight.subi(m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON)).mul(lr));
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  /** The number of updates applied (the step the schedule is at). */
  public int step() {
    return steps.values().stream().mapToInt(Integer::intValue).max().orElse(restoredStep);
  }

  /**
   * The moments, named {@code m:<parameter name>} and {@code v:<parameter name>}.
   *
   * @param nameOfId the parameter name of each DJL parameter id (ids change across loads)
   */
  public NDList exportState(Map<String, String> nameOfId) {
    NDList state = new NDList();
    addNamed(state, "m:", first, nameOfId);
    addNamed(state, "v:", second, nameOfId);
    return state;
  }

  /**
   * Restores moments and the step from {@link #exportState} output.
   *
   * @param idOfName the DJL parameter id of each parameter name in the loaded module
   */
  public void importState(NDList state, int step, Map<String, String> idOfName, NDManager manager) {
    restoredStep = step;
    steps.clear();
    for (NDArray array : state) {
      String name = array.getName();
      String id = idOfName.get(name.substring(2));
      if (id == null) {
        throw new IllegalArgumentException("Optimizer state for unknown parameter " + name);
      }
      NDArray copy = array.duplicate();
      copy.attach(manager);
      (name.startsWith("m:") ? first : second).put(id, copy);
    }
  }

  private static void addNamed(
      NDList state, String prefix, Map<String, NDArray> moments, Map<String, String> nameOfId) {
    for (var entry : moments.entrySet()) {
      NDArray copy = entry.getValue().duplicate();
      copy.setName(prefix + nameOfId.get(entry.getKey()));
      state.add(copy);
    }
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
