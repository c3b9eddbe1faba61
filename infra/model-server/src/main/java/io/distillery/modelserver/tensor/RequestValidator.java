package io.distillery.modelserver.tensor;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInput;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks input tensors and requested outputs against a model configuration, as Triton does. */
public final class RequestValidator {

  private RequestValidator() {}

  /**
   * Returns the batch size of a valid request (1 for non-batching models) and fails with
   * INVALID_ARGUMENT on missing, unknown, mistyped or misshapen inputs or unknown outputs.
   */
  public static int validate(
      ModelConfig config, List<Tensor> inputs, Set<String> requestedOutputs) {
    Map<String, Tensor> byName = new HashMap<>();
    for (Tensor t : inputs) {
      if (byName.put(t.name(), t) != null) {
        throw ServingException.invalid("input '" + t.name() + "' is given twice");
      }
    }
    int batch = -1;
    for (ModelInput declared : config.getInputList()) {
      Tensor given = byName.remove(declared.getName());
      if (given == null) {
        if (declared.getOptional()) {
          continue;
        }
        throw ServingException.invalid("input '" + declared.getName() + "' is missing");
      }
      int rowsOfThis = checkInput(config, declared, given);
      if (batch >= 0 && rowsOfThis != batch) {
        throw ServingException.invalid("inputs disagree on the batch size");
      }
      batch = rowsOfThis;
    }
    if (!byName.isEmpty()) {
      throw ServingException.invalid(
          "unknown inputs " + byName.keySet() + " for " + config.getName());
    }
    Set<String> outputs =
        Set.copyOf(config.getOutputList().stream().map(o -> o.getName()).toList());
    for (String requested : requestedOutputs) {
      if (!outputs.contains(requested)) {
        throw ServingException.invalid(
            "unknown output '" + requested + "' for " + config.getName());
      }
    }
    return Math.max(batch, 1);
  }

  private static int checkInput(ModelConfig config, ModelInput declared, Tensor given) {
    DataType expected = DataType.fromConfig(declared.getDataType());
    if (given.type() != expected) {
      throw ServingException.invalid(
          "input '" + declared.getName() + "' must be " + expected + ", got " + given.type());
    }
    long[] dims = declared.getDimsList().stream().mapToLong(Long::longValue).toArray();
    boolean batched = config.getMaxBatchSize() > 0;
    Shape shape = given.shape();
    int batch = 1;
    if (batched) {
      if (shape.rank() != dims.length + 1) {
        throw badShape(declared.getName(), given.shape(), dims, true);
      }
      if (shape.dim(0) < 1 || shape.dim(0) > config.getMaxBatchSize()) {
        throw ServingException.invalid(
            "batch size " + shape.dim(0) + " outside 1.." + config.getMaxBatchSize());
      }
      batch = given.batchSize();
      shape = shape.withoutBatch();
    }
    if (!shape.matches(Shape.of(dims))) {
      throw badShape(declared.getName(), given.shape(), dims, batched);
    }
    return batch;
  }

  private static ServingException badShape(String name, Shape shape, long[] dims, boolean batched) {
    return ServingException.invalid(
        "input '"
            + name
            + "' has shape "
            + shape
            + ", model expects "
            + (batched ? "[-1 (batch), " : "[")
            + Arrays.toString(dims).substring(1));
  }
}
