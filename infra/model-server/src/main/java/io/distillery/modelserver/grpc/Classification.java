package io.distillery.modelserver.grpc;

import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.InferParameter;
import io.distillery.schemas.kserve.ModelInferRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Triton's classification extension: an output requested with the {@code classification} parameter
 * (an int64 k) comes back as BYTES strings {@code "score:index[:label]"}, the k highest scores of
 * each batch row in descending order, scores printed as C++'s {@code std::to_string} does (six
 * decimals), labels from the output's {@code label_filename} (one per line) when it has one.
 */
final class Classification {

  private Classification() {}

  /**
   * The class count asked for each output, checked as Triton checks it.
   *
   * @throws ServingException INVALID_ARGUMENT for a parameter that is not an int64 above 0
   */
  static Map<String, Integer> requested(ModelInferRequest request) {
    Map<String, Integer> out = new HashMap<>();
    for (ModelInferRequest.InferRequestedOutputTensor o : request.getOutputsList()) {
      InferParameter p = o.getParametersMap().get(TensorMessages.CLASSIFICATION);
      if (p == null) {
        continue;
      }
      if (p.getParameterChoiceCase() != InferParameter.ParameterChoiceCase.INT64_PARAM) {
        throw ServingException.invalid(
            "invalid value type for 'classification' parameter, expected int64_param");
      }
      if (p.getInt64Param() <= 0) {
        throw ServingException.invalid(
            "invalid value for 'classification' parameter, expected >= 0");
      }
      out.put(o.getName(), (int) Math.min(Integer.MAX_VALUE, p.getInt64Param()));
    }
    return out;
  }

  /**
   * The classification result of {@code scores}.
   *
   * @param batched whether the first dimension is the batch (max_batch_size above 0)
   * @param labels class names by index; empty for none
   */
  static Tensor of(Tensor scores, int k, boolean batched, List<String> labels) {
    DataType type = scores.type();
    if (type == DataType.FP16
        || type == DataType.BF16
        || type == DataType.BOOL
        || type == DataType.BYTES) {
      throw ServingException.invalid(
          "class result not available for output due to unsupported type '" + type + "'");
    }
    double[] values = values(scores);
    int rows = batched ? Math.toIntExact(scores.shape().dim(0)) : 1;
    int per = rows == 0 ? 0 : values.length / rows;
    int top = Math.min(k, per);
    List<byte[]> elements = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      int base = r * per;
      IntStream.range(0, per)
          .boxed()
          .sorted(Comparator.comparingDouble((Integer i) -> values[base + i]).reversed())
          .limit(top)
          .forEach(
              i -> {
                String text = String.format(Locale.ROOT, "%f:%d", values[base + i], i);
                if (i < labels.size()) {
                  text += ":" + labels.get(i);
                }
                elements.add(text.getBytes(StandardCharsets.UTF_8));
              });
    }
    Shape shape = batched ? Shape.of(rows, top) : Shape.of(top);
    return Tensor.ofBytes(scores.name(), shape, elements);
  }

  private static double[] values(Tensor t) {
    if (t.type().floating()) {
      float[] f = t.floats();
      double[] out = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        out[i] = f[i];
      }
      return out;
    }
    long[] l = t.longs();
    double[] out = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = l[i];
    }
    return out;
  }
}
