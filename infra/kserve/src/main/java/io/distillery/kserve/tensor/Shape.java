package io.distillery.kserve.tensor;

import java.util.Arrays;

/**
 * A tensor shape: dimensions in row-major order. A concrete shape has no negative dimension; a
 * pattern from model metadata may use {@code -1} for a variable dimension.
 */
public final class Shape {

  private final long[] dims;

  private Shape(long[] dims) {
    for (long d : dims) {
      if (d < -1) {
        throw new TensorException("bad-shape", "Dimension " + d + " in " + Arrays.toString(dims));
      }
    }
    this.dims = dims.clone();
  }

  /** A shape (or pattern) of these dimensions. */
  public static Shape of(long... dims) {
    return new Shape(dims);
  }

  /** The dimensions, copied. */
  public long[] dims() {
    return dims.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i}. */
  public long dim(int i) {
    return dims[i];
  }

  /** Whether every dimension is known (no {@code -1}). */
  public boolean concrete() {
    return Arrays.stream(dims).allMatch(d -> d >= 0);
  }

  /**
   * Number of elements of a concrete shape; a rank-0 shape holds one element.
   *
   * @throws TensorException if a dimension is variable or the count overflows
   */
  public long elementCount() {
    long count = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new TensorException("bad-shape", "Shape " + this + " has a variable dimension");
      }
      count = Math.multiplyExact(count, d);
    }
    return count;
  }

  /** This shape with {@code batch} put in front, e.g. [28,28] to [batch,28,28]. */
  public Shape withBatch(long batch) {
    long[] out = new long[dims.length + 1];
    out[0] = batch;
    System.arraycopy(dims, 0, out, 1, dims.length);
    return new Shape(out);
  }

  /** This shape without its first dimension. */
  public Shape withoutBatch() {
    if (dims.length == 0) {
      throw new TensorException("bad-shape", "A scalar has no batch dimension");
    }
    return new Shape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /** Whether this concrete shape fits {@code pattern}, where {@code -1} matches any size. */
  public boolean matches(Shape pattern) {
    if (pattern.dims.length != dims.length) {
      return false;
    }
    for (int i = 0; i < dims.length; i++) {
      if (pattern.dims[i] != -1 && pattern.dims[i] != dims[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape other && Arrays.equals(dims, other.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
