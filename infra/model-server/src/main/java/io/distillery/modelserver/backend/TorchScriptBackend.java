package io.distillery.modelserver.backend;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInput;
import io.distillery.schemas.kserve.config.ModelOutput;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A TorchScript model ({@code model.pt}, or the config's {@code default_model_filename}) run by
 * libtorch through DJL, like Triton's pytorch_libtorch platform: inputs are passed positionally in
 * config order, outputs are read positionally in config order. Requests of a batch are concatenated
 * along the batch dimension into one forward call. The parameter {@code
 * DISABLE_OPTIMIZED_EXECUTION: "true"} runs the model without the graph executor's optimisations,
 * as Triton's PyTorch backend does.
 */
final class TorchScriptBackend implements ModelBackend {

  private final ModelConfig config;
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final boolean unoptimized;

  private TorchScriptBackend(ModelConfig config, ZooModel<NDList, NDList> model) {
    this.config = config;
    this.model = model;
    this.predictor = model.newPredictor();
    this.unoptimized =
        "true".equalsIgnoreCase(Backends.parameter(config, "DISABLE_OPTIMIZED_EXECUTION", "false"));
  }

  static TorchScriptBackend open(ModelConfig config, Path versionDir) throws Exception {
    String file =
        config.getDefaultModelFilename().isEmpty() ? "model.pt" : config.getDefaultModelFilename();
    Path model = versionDir.resolve(file).normalize();
    if (!model.startsWith(versionDir)
        || (Files.exists(model) && !model.toRealPath().startsWith(versionDir.toRealPath()))) {
      throw ServingException.invalid(
          "model file '" + file + "' of " + config.getName() + " leads outside its version folder");
    }
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException(model + " does not exist");
    }
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("PyTorch")
            .optModelPath(versionDir)
            .optModelName(file.replaceFirst("\\.pt$", ""))
            .optTranslator(new NoopTranslator())
            .build();
    return new TorchScriptBackend(config, criteria.loadModel());
  }

  @Override
  public List<List<Tensor>> execute(List<List<Tensor>> requests) throws Exception {
    if (config.getMaxBatchSize() == 0) {
      List<List<Tensor>> results = new ArrayList<>();
      for (List<Tensor> request : requests) {
        results.add(forward(List.of(request)).get(0));
      }
      return results;
    }
    return forward(requests);
  }

  private List<List<Tensor>> forward(List<List<Tensor>> requests) throws Exception {
    boolean batched = config.getMaxBatchSize() > 0;
    int[] rows = requests.stream().mapToInt(r -> batched ? r.get(0).batchSize() : 1).toArray();
    int total = java.util.Arrays.stream(rows).sum();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList inputs = new NDList();
      for (int i = 0; i < config.getInputCount(); i++) {
        inputs.add(concatenate(manager, config.getInput(i), requests, i, total));
      }
      if (unoptimized) {
        // The switch is per thread; batches of one model version run on one scheduler thread.
        JniUtils.setGraphExecutorOptimize(false);
      }
      NDList outputs = predictor.predict(inputs);
      outputs.attach(manager);
      if (outputs.size() < config.getOutputCount()) {
        throw new IllegalStateException(
            "model returned "
                + outputs.size()
                + " outputs, config declares "
                + config.getOutputCount());
      }
      List<List<Tensor>> results = new ArrayList<>();
      for (int r = 0; r < requests.size(); r++) {
        results.add(new ArrayList<>());
      }
      for (int o = 0; o < config.getOutputCount(); o++) {
        split(config.getOutput(o), outputs.get(o), rows, batched, results);
      }
      return results;
    }
  }

  private static NDArray concatenate(
      NDManager manager, ModelInput declared, List<List<Tensor>> requests, int index, int total) {
    int bytes = requests.stream().mapToInt(r -> r.get(index).raw().length).sum();
    ByteBuffer buffer = manager.allocateDirect(bytes);
    for (List<Tensor> request : requests) {
      buffer.put(request.get(index).raw());
    }
    buffer.rewind();
    Tensor first = requests.get(0).get(index);
    long[] shape = first.shape().dims();
    if (declared.hasReshape()) {
      long[] reshape =
          declared.getReshape().getShapeList().stream().mapToLong(Long::longValue).toArray();
      shape = prependIfBatched(shape, reshape, requests, total);
    } else if (shape.length > 0 && requests.size() > 1) {
      shape[0] = total;
    }
    return manager.create(buffer, new Shape(shape), djlType(first.type()));
  }

  private static long[] prependIfBatched(
      long[] given, long[] reshape, List<List<Tensor>> requests, int total) {
    if (requests.size() == 1 && product(given) == product(reshape)) {
      return reshape;
    }
    long[] shape = new long[reshape.length + 1];
    shape[0] = total;
    System.arraycopy(reshape, 0, shape, 1, reshape.length);
    return shape;
  }

  /** Product of the dimensions; a reshape may hold -1, so this is not a {@code Shape}'s count. */
  private static long product(long[] dims) {
    long count = 1;
    for (long dim : dims) {
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  private static void split(
      ModelOutput declared, NDArray out, int[] rows, boolean batched, List<List<Tensor>> results) {
    io.distillery.kserve.tensor.DataType type =
        io.distillery.kserve.tensor.DataType.fromConfig(declared.getDataType());
    NDArray typed = out.getDataType() == djlType(type) ? out : out.toType(djlType(type), false);
    byte[] all = new byte[(int) (typed.size() * type.size())];
    typed.toByteBuffer().get(all);
    long[] shape = typed.getShape().getShape();
    int total = java.util.Arrays.stream(rows).sum();
    int rowBytes = all.length / Math.max(1, batched ? total : 1);
    int offset = 0;
    for (int r = 0; r < rows.length; r++) {
      long[] mine = shape.clone();
      int length = batched ? rows[r] * rowBytes : all.length;
      if (batched && mine.length > 0) {
        mine[0] = rows[r];
      }
      byte[] part = new byte[length];
      System.arraycopy(all, offset, part, 0, length);
      offset += batched ? length : 0;
      results
          .get(r)
          .add(
              new Tensor(
                  declared.getName(), type, io.distillery.kserve.tensor.Shape.of(mine), part));
    }
  }

  private static DataType djlType(io.distillery.kserve.tensor.DataType type) {
    return switch (type) {
      case FP32 -> DataType.FLOAT32;
      case FP64 -> DataType.FLOAT64;
      case FP16 -> DataType.FLOAT16;
      case INT64 -> DataType.INT64;
      case INT32 -> DataType.INT32;
      case INT8 -> DataType.INT8;
      case UINT8 -> DataType.UINT8;
      case BOOL -> DataType.BOOLEAN;
      default -> throw new IllegalArgumentException("TorchScript backend cannot take " + type);
    };
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
