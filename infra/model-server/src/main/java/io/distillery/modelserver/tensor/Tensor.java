package io.distillery.modelserver.tensor;

import java.util.Arrays;

/**
 * One named tensor: wire datatype, shape (batch dimension first for batching models) and its
 * little-endian row-major bytes ({@link BytesElements} layout for BYTES).
 */
public record Tensor(String name, Datatype datatype, long[] shape, byte[] data) {

  /** Number of elements the shape describes. */
  public long elementCount() {
    return elementCount(shape);
  }

  /** The leading (batch) dimension, or 1 for a scalar. */
  public int batchSize() {
    return shape.length == 0 ? 1 : (int) shape[0];
  }

  /** The shape without its leading batch dimension. */
  public long[] rowShape() {
    return shape.length == 0 ? shape : Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Product of the dimensions. */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  @Override
  public String toString() {
    return name + ":" + datatype + Arrays.toString(shape) + "(" + data.length + " bytes)";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor t
        && name.equals(t.name)
        && datatype == t.datatype
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + datatype.hashCode()) + Arrays.hashCode(shape);
  }
}
