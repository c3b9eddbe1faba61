package io.distillery.trainer.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TorchScript module loaded with trainable parameters: one training step at a time through a DJL
 * {@link Trainer}, inference without gradients, and a write-back as plain TorchScript that {@code
 * torch.jit.load} and Triton's pytorch_libtorch backend read.
 */
public final class TorchScriptModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TorchScriptModule.class);

  /** Held for each training step: DJL allows one collecting gradient collector at a time. */
  private static final Object GRADIENT_COLLECTION = new Object();

  private final ZooModel<NDList, NDList> model;
  private final PtSymbolBlock block;
  private final Trainer trainer;
  // DJL caches the module's mode and switches it only when a forward asks for the other one;
  // this mirrors that cache so write() can put the native module back the way DJL believes it is.
  private boolean trainingMode = true;
  private final GradientWatch watch = new GradientWatch();
  private StepReport lastStep;

  private TorchScriptModule(ZooModel<NDList, NDList> model, Optimizer optimizer) {
    this.model = model;
    this.block = (PtSymbolBlock) model.getBlock();
    block.freezeParameters(false);
    // DJL assumes a fresh block is in training mode; the saved module may be in eval mode.
    JniUtils.enableTrainingMode(block);
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.l2Loss("unused"))
            .optOptimizer(optimizer)
            .optDevices(new Device[] {Device.cpu()});
    this.trainer = model.newTrainer(config);
  }

  /**
   * Loads a TorchScript file for training.
   *
   * @param file a TorchScript zip (as written by {@code torch.jit.save} or {@link #write})
   * @param optimizer updates the parameters after each step
   */
  public static TorchScriptModule load(Path file, Optimizer optimizer) {
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(file)
            .optEngine("PyTorch")
            .optOption("trainParam", "true")
            .build();
    try {
      return new TorchScriptModule(criteria.loadModel(), optimizer);
    } catch (IOException | ModelNotFoundException | MalformedModelException e) {
      throw new IllegalArgumentException("Cannot load TorchScript model " + file, e);
    }
  }

  /** Loads a TorchScript file for inference only (its parameters are never updated). */
  public static TorchScriptModule loadForInference(Path file) {
    return load(file, Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0f)).build());
  }

  /** The DJL parameter id of each parameter name (ids are fresh at every load, names are not). */
  public Map<String, String> parameterIdsByName() {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Pair<String, Parameter> parameter : block.getParameters()) {
      ids.put(parameter.getKey(), parameter.getValue().getId());
    }
    return ids;
  }

  /** The manager that owns the module's parameters, for state that lives as long as it. */
  public NDManager manager() {
    return trainer.getManager();
  }

  /** A manager for one batch's arrays; close it after the step. */
  public NDManager newBatchManager() {
    return trainer.getManager().newSubManager();
  }

  /**
   * One optimisation step: forward in training mode, the loss of the outputs, backward, update.
   *
   * @return the loss value
   */
  public float trainStep(NDList inputs, Function<NDList, NDArray> lossOfOutputs) {
    return trainStep(inputs, lossOfOutputs, 0);
  }

  /**
   * One optimisation step whose gradients are scaled down, if need be, to a global L2 norm of at
   * most {@code maxGradientNorm} (PyTorch's {@code clip_grad_norm_}; recurrent models need it). A
   * step whose loss or gradients are not finite, or whose gradients explode ({@link
   * GradientWatch}), changes no weight; {@link #lastStep()} says which.
   *
   * @param maxGradientNorm the largest gradient norm, or 0 for no clipping
   * @return the loss value
   */
  public float trainStep(
      NDList inputs, Function<NDList, NDArray> lossOfOutputs, float maxGradientNorm) {
    // DJL's PyTorch gradient collector is one per JVM: two students trained in one process (the
    // demo trains fmnist and asr-en side by side) take turns for their steps.
    synchronized (GRADIENT_COLLECTION) {
      return lockedTrainStep(inputs, lossOfOutputs, maxGradientNorm);
    }
  }

  /**
   * What the last training step did.
   *
   * @param loss its loss
   * @param gradientNorm the global L2 norm of its gradients before clipping
   * @param skipped why it left the weights unchanged, or null when it updated them
   */
  public record StepReport(float loss, double gradientNorm, HealthProblem skipped) {}

  /** What the last {@link #trainStep} did; null before the first. */
  public StepReport lastStep() {
    return lastStep;
  }

  private float lockedTrainStep(
      NDList inputs, Function<NDList, NDArray> lossOfOutputs, float maxGradientNorm) {
    float value;
    zeroGradients();
    try (GradientCollector collector = trainer.newGradientCollector()) {
      trainingMode = true;
      NDList outputs = trainer.forward(inputs);
      NDArray loss = lossOfOutputs.apply(outputs);
      collector.backward(loss);
      value = loss.getFloat();
    }
    double norm = gradientNorm();
    HealthProblem problem = watch.judge(value, norm);
    lastStep = new StepReport(value, norm, problem);
    if (problem != null) {
      LOG.warn("Skipping an update: {} (loss {}, gradient norm {})", problem.code(), value, norm);
      return value;
    }
    if (maxGradientNorm > 0 && norm > maxGradientNorm) {
      scaleGradients((float) (maxGradientNorm / norm));
    }
    trainer.step();
    return value;
  }

  /** The global L2 norm of the parameters' gradients. */
  private double gradientNorm() {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      double squares = 0;
      for (Pair<String, Parameter> parameter : block.getParameters()) {
        NDArray weight = parameter.getValue().getArray();
        if (weight.hasGradient()) {
          try (NDArray grad = weight.getGradient();
              NDArray square = grad.square();
              NDArray sum = square.sum()) {
            squares += sum.getFloat();
          }
        }
      }
      return Math.sqrt(squares);
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  private void scaleGradients(float scale) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (Pair<String, Parameter> parameter : block.getParameters()) {
        NDArray weight = parameter.getValue().getArray();
        if (weight.hasGradient()) {
          try (NDArray grad = weight.getGradient()) {
            grad.muli(scale);
          }
        }
      }
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  /** Whether every weight is finite (a NaN or infinity anywhere makes the module unusable). */
  public boolean weightsFinite() {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      for (Pair<String, Parameter> parameter : block.getParameters()) {
        try (NDArray sum = parameter.getValue().getArray().sum()) {
          if (!Float.isFinite(sum.getFloat())) {
            return false;
          }
        }
      }
      return true;
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  // DJL's parameter server does not clear the .grad of a TorchScript module's parameters, so
  // without this every step would apply the sum of all past gradients.
  private void zeroGradients() {
    for (Pair<String, Parameter> parameter : block.getParameters()) {
      NDArray weight = parameter.getValue().getArray();
      if (weight.hasGradient()) {
        JniUtils.zeroGrad((PtNDArray) weight);
      }
    }
  }

  /**
   * An input that makes {@link #trainStep} or {@link #predict} call the module's exported method
   * {@code method} instead of {@code forward}: put it anywhere in the inputs (DJL's PyTorch engine
   * takes an array named {@code module_method:<name>} as the method to run and does not pass it
   * on). The method runs like forward, in training mode with gradients during a step, so a module
   * can serve inference from {@code forward} and be trained through a loss method.
   *
   * @param manager owns the marker (the batch's manager)
   */
  public static NDArray methodInput(NDManager manager, String method) {
    NDArray marker = manager.create(0f);
    marker.setName("module_method:" + method);
    return marker;
  }

  /** The forward pass in inference mode, without gradients. */
  public NDList predict(NDList inputs) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      trainingMode = false;
      return trainer.evaluate(inputs);
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  /**
   * Calls another method the TorchScript module exports (e.g. {@code greedy}), without gradients.
   *
   * @param manager owns the result
   * @return the method's tensor result
   */
  public NDArray runMethod(NDManager manager, String method, NDArray... inputs) {
    IValue[] arguments = new IValue[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      arguments[i] = IValue.from((PtNDArray) inputs[i]);
    }
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (IValue result = IValueUtils.runMethod(block, method, arguments)) {
      return result.toTensor((PtNDManager) manager);
    } finally {
      JniUtils.setGradMode(previous);
      for (IValue argument : arguments) {
        argument.close();
      }
    }
  }

  /** The number of trainable scalar parameters. */
  public long parameterCount() {
    long count = 0;
    for (Pair<String, Parameter> parameter : block.getParameters()) {
      count += parameter.getValue().getArray().size();
    }
    return count;
  }

  /** The underlying block, for calling the module's other exported methods. */
  public PtSymbolBlock block() {
    return block;
  }

  /** Writes the module in inference mode as a plain TorchScript zip (no DJL header). */
  public void write(OutputStream out) {
    JniUtils.enableInferenceMode(block);
    try {
      JniUtils.writeModule(block, out, false);
    } finally {
      if (trainingMode) {
        JniUtils.enableTrainingMode(block);
      }
    }
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }
}
