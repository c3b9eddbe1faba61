package io.distillery.labeler.binding;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The tensors of {@link Role#CONSTANT} inputs, and item shapes for one-element inputs. */
public final class Constants {

  private Constants() {}

  /**
   * {@code value} in every element of one item of {@code spec}, whose variable dimensions count 1
   * ({@code [1]} for {@code LANGUAGE}-style inputs).
   */
  public static Tensor tensor(TensorSpec spec, String value) {
    Shape shape = itemShape(spec);
    int n = Math.toIntExact(shape.elementCount());
    DataType type = spec.type();
    if (type == DataType.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        elements.add(value.getBytes(StandardCharsets.UTF_8));
      }
      return Tensor.ofBytes(spec.name(), shape, elements);
    }
    if (type == DataType.BOOL) {
      boolean[] values = new boolean[n];
      Arrays.fill(values, Boolean.parseBoolean(value));
      return Tensor.ofBooleans(spec.name(), shape, values);
    }
    if (type.floating()) {
      float[] values = new float[n];
      Arrays.fill(values, Float.parseFloat(value));
      return Tensor.ofFloats(spec.name(), type, shape, values);
    }
    long[] values = new long[n];
    Arrays.fill(values, Long.parseLong(value));
    return Tensor.ofLongs(spec.name(), type, shape, values);
  }

  /** The dims of one item of {@code spec} with each variable dimension taken as 1. */
  public static Shape itemShape(TensorSpec spec) {
    return Shape.of(Arrays.stream(spec.dims().dims()).map(d -> d < 0 ? 1 : d).toArray());
  }
}
