package io.distillery.kserve.tensor;

import java.util.List;

/**
 * One named tensor in the KServe v2 raw layout. The constructor checks that the raw bytes hold
 * exactly the shape's elements of the datatype, so a {@code Tensor} is always well formed.
 *
 * @param name the input or output name the model declares
 * @param type the datatype
 * @param shape the concrete shape, batch dimension included when the model batches
 * @param raw little-endian, row-major contents (not copied: treat as read-only)
 */
public record Tensor(String name, DataType type, Shape shape, byte[] raw) {

  /** Validates at once. */
  public Tensor {
    if (name == null || name.isEmpty()) {
      throw new TensorException("bad-name", "A tensor needs a name");
    }
    if (!shape.concrete()) {
      throw new TensorException("bad-shape", "Tensor " + name + " has variable shape " + shape);
    }
    TensorCodec.checkSize(type, shape, raw);
  }

  /** A floating point tensor ({@code FP16}, {@code BF16}, {@code FP32} or {@code FP64}). */
  public static Tensor ofFloats(String name, DataType type, Shape shape, float[] values) {
    return new Tensor(name, type, shape, TensorCodec.encodeFloats(type, values));
  }

  /** An integer tensor of any signed or unsigned width. */
  public static Tensor ofLongs(String name, DataType type, Shape shape, long[] values) {
    return new Tensor(name, type, shape, TensorCodec.encodeLongs(type, values));
  }

  /** A BOOL tensor. */
  public static Tensor ofBooleans(String name, Shape shape, boolean[] values) {
    return new Tensor(name, DataType.BOOL, shape, TensorCodec.encodeBooleans(values));
  }

  /** A BYTES tensor. */
  public static Tensor ofBytes(String name, Shape shape, List<byte[]> elements) {
    return new Tensor(name, DataType.BYTES, shape, TensorCodec.encodeBytes(elements));
  }

  /** The elements as floats (any numeric type). */
  public float[] floats() {
    return TensorCodec.decodeFloats(type, raw);
  }

  /** The elements as longs (integer or BOOL types). */
  public long[] longs() {
    return TensorCodec.decodeLongs(type, raw);
  }

  /** The elements of a BOOL tensor. */
  public boolean[] booleans() {
    requireType(DataType.BOOL);
    return TensorCodec.decodeBooleans(raw);
  }

  /** The elements of a BYTES tensor. */
  public List<byte[]> byteElements() {
    requireType(DataType.BYTES);
    return TensorCodec.decodeBytes(raw);
  }

  /** The leading (batch) dimension, or 1 for a scalar. */
  public int batchSize() {
    return shape.rank() == 0 ? 1 : Math.toIntExact(shape.dim(0));
  }

  /** Number of elements. */
  public long elementCount() {
    return shape.elementCount();
  }

  /**
   * Checks this tensor against a declared datatype and shape pattern ({@code -1} = any).
   *
   * @throws TensorException with {@code wrong-datatype} or {@code wrong-shape}
   */
  public Tensor expect(DataType declared, Shape pattern) {
    requireType(declared);
    if (!shape.matches(pattern)) {
      throw new TensorException(
          "wrong-shape", "Tensor " + name + " has shape " + shape + ", expected " + pattern);
    }
    return this;
  }

  private void requireType(DataType expected) {
    if (type != expected) {
      throw new TensorException(
          "wrong-datatype", "Tensor " + name + " is " + type + ", expected " + expected);
    }
  }
}
