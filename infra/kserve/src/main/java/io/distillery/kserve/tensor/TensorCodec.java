package io.distillery.kserve.tensor;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the KServe v2 raw tensor layout: elements flattened row-major, little-endian,
 * no padding; BYTES elements each prefixed by a 4-byte little-endian length.
 */
public final class TensorCodec {

  private TensorCodec() {}

  /** Raw bytes of {@code values} as floating point {@code type} (FP16, BF16, FP32 or FP64). */
  public static byte[] encodeFloats(DataType type, float[] values) {
    requireFloating(type);
    ByteBuffer out = buffer(type, values.length);
    for (float v : values) {
      switch (type) {
        case FP16 -> out.putShort(HalfFloats.toFp16(v));
        case BF16 -> out.putShort(HalfFloats.toBf16(v));
        case FP32 -> out.putFloat(v);
        default -> out.putDouble(v);
      }
    }
    return out.array();
  }

  /** The floats in raw bytes of any numeric or BOOL {@code type}, widened or narrowed to float. */
  public static float[] decodeFloats(DataType type, byte[] raw) {
    ByteBuffer in = view(type, raw);
    int n = raw.length / type.size();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (type) {
            case FP16 -> HalfFloats.fromFp16(in.getShort());
            case BF16 -> HalfFloats.fromBf16(in.getShort());
            case FP32 -> in.getFloat();
            case FP64 -> (float) in.getDouble();
            default -> (float) readIntegral(type, in);
          };
    }
    return out;
  }

  /** Raw bytes of {@code values} as integer or BOOL {@code type}, checking each value's range. */
  public static byte[] encodeLongs(DataType type, long[] values) {
    if (!type.integral() && type != DataType.BOOL) {
      throw new TensorException("wrong-datatype", type + " is not an integer type");
    }
    ByteBuffer out = buffer(type, values.length);
    for (long v : values) {
      checkRange(type, v);
      switch (type.size()) {
        case 1 -> out.put((byte) v);
        case 2 -> out.putShort((short) v);
        case 4 -> out.putInt((int) v);
        default -> out.putLong(v);
      }
    }
    return out.array();
  }

  /** The integers in raw bytes of an integer or BOOL {@code type}; UINT64 keeps its 64 bits. */
  public static long[] decodeLongs(DataType type, byte[] raw) {
    if (!type.integral() && type != DataType.BOOL) {
      throw new TensorException("wrong-datatype", type + " is not an integer type");
    }
    ByteBuffer in = view(type, raw);
    long[] out = new long[raw.length / type.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = readIntegral(type, in);
    }
    return out;
  }

  /** Raw bytes of a BOOL tensor. */
  public static byte[] encodeBooleans(boolean[] values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) (values[i] ? 1 : 0);
    }
    return out;
  }

  /** The booleans of a BOOL tensor's raw bytes; any byte other than 0 or 1 is refused. */
  public static boolean[] decodeBooleans(byte[] raw) {
    boolean[] out = new boolean[raw.length];
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != 0 && raw[i] != 1) {
        throw new TensorException("bad-bool", "BOOL element " + i + " is " + raw[i]);
      }
      out[i] = raw[i] == 1;
    }
    return out;
  }

  /** Raw bytes of a BYTES tensor: each element as a 4-byte little-endian length, then its bytes. */
  public static byte[] encodeBytes(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] e : elements) {
      length.clear();
      out.writeBytes(length.putInt(e.length).array());
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  /**
   * The elements of a BYTES tensor's raw bytes.
   *
   * @throws TensorException if a length runs past the end or bytes are left over
   */
  public static List<byte[]> decodeBytes(byte[] raw) {
    ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (in.hasRemaining()) {
      if (in.remaining() < 4) {
        throw new TensorException(
            "bad-bytes-element", "BYTES tensor ends inside a length prefix at " + in.position());
      }
      long length = Integer.toUnsignedLong(in.getInt());
      if (length > in.remaining()) {
        throw new TensorException(
            "bad-bytes-element",
            "BYTES element "
                + out.size()
                + " claims "
                + length
                + " bytes, "
                + in.remaining()
                + " left");
      }
      byte[] element = new byte[(int) length];
      in.get(element);
      out.add(element);
    }
    return out;
  }

  /**
   * Checks that {@code raw} holds exactly the elements of {@code shape} for {@code type}.
   *
   * @throws TensorException with {@code wrong-shape} if not
   */
  public static void checkSize(DataType type, Shape shape, byte[] raw) {
    long expected = shape.elementCount();
    long actual =
        type.fixedSize()
            ? (raw.length % type.size() == 0 ? raw.length / type.size() : -1)
            : decodeBytes(raw).size();
    if (actual != expected) {
      throw new TensorException(
          "wrong-shape",
          type
              + " tensor of shape "
              + shape
              + " needs "
              + expected
              + " elements, the raw contents hold "
              + (actual < 0 ? raw.length + " bytes" : actual + " elements"));
    }
  }

  private static long readIntegral(DataType type, ByteBuffer in) {
    return switch (type) {
      case BOOL, UINT8 -> Byte.toUnsignedLong(in.get());
      case INT8 -> in.get();
      case UINT16 -> Short.toUnsignedLong(in.getShort());
      case INT16 -> in.getShort();
      case UINT32 -> Integer.toUnsignedLong(in.getInt());
      case INT32 -> in.getInt();
      case UINT64, INT64 -> in.getLong();
      default -> throw new TensorException("wrong-datatype", type + " is not an integer type");
    };
  }

  private static void checkRange(DataType type, long v) {
    boolean ok =
        switch (type) {
          case BOOL -> v == 0 || v == 1;
          case UINT8 -> v >= 0 && v <= 0xFF;
          case INT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
          case UINT16 -> v >= 0 && v <= 0xFFFF;
          case INT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
          case UINT32 -> v >= 0 && v <= 0xFFFFFFFFL;
          case INT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
          default -> true;
        };
    if (!ok) {
      throw new TensorException("value-out-of-range", v + " does not fit " + type);
    }
  }

  private static void requireFloating(DataType type) {
    if (!type.floating()) {
      throw new TensorException("wrong-datatype", type + " is not a floating point type");
    }
  }

  private static ByteBuffer buffer(DataType type, int count) {
    return ByteBuffer.allocate(Math.multiplyExact(count, type.size()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer view(DataType type, byte[] raw) {
    if (!type.fixedSize()) {
      throw new TensorException("wrong-datatype", "BYTES has no fixed element size");
    }
    if (raw.length % type.size() != 0) {
      throw new TensorException(
          "wrong-shape", raw.length + " raw bytes are not a whole number of " + type + " elements");
    }
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }
}
