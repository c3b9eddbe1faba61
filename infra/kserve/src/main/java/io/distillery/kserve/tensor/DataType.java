package io.distillery.kserve.tensor;

import java.util.Locale;

/** A KServe v2 tensor datatype with its wire name and element size in bytes. */
public enum DataType {
  /** One byte per element, 0 or 1. */
  BOOL(1),
  /** Unsigned 8-bit integer. */
  UINT8(1),
  /** Unsigned 16-bit integer. */
  UINT16(2),
  /** Unsigned 32-bit integer. */
  UINT32(4),
  /** Unsigned 64-bit integer (carried in a Java long, two's complement bits). */
  UINT64(8),
  /** Signed 8-bit integer. */
  INT8(1),
  /** Signed 16-bit integer. */
  INT16(2),
  /** Signed 32-bit integer. */
  INT32(4),
  /** Signed 64-bit integer. */
  INT64(8),
  /** IEEE 754 half precision. */
  FP16(2),
  /** bfloat16: the upper half of an IEEE 754 single. */
  BF16(2),
  /** IEEE 754 single precision. */
  FP32(4),
  /** IEEE 754 double precision. */
  FP64(8),
  /** Variable-length byte strings, each prefixed by a 4-byte little-endian length. */
  BYTES(-1);

  private static final String CONFIG_PREFIX = "TYPE_";

  private final int size;

  DataType(int size) {
    this.size = size;
  }

  /** Bytes per element, or -1 for {@link #BYTES}. */
  public int size() {
    return size;
  }

  /** Whether elements have a fixed size. */
  public boolean fixedSize() {
    return size > 0;
  }

  /** Whether the type holds floating point numbers. */
  public boolean floating() {
    return this == FP16 || this == BF16 || this == FP32 || this == FP64;
  }

  /** Whether the type holds integers (signed or unsigned). */
  public boolean integral() {
    return fixedSize() && !floating() && this != BOOL;
  }

  /** The name on the wire, e.g. {@code FP32}. */
  public String wireName() {
    return name();
  }

  /**
   * The datatype of a wire name such as {@code FP32} (any case). Model-config names such as {@code
   * TYPE_FP32} are not wire names: read those with {@link #fromConfig}.
   *
   * @throws TensorException if the name is unknown
   */
  public static DataType fromWire(String name) {
    String upper = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(upper);
    } catch (IllegalArgumentException e) {
      throw new TensorException("unknown-datatype", "Unknown tensor datatype '" + name + "'");
    }
  }

  /**
   * The datatype of a model-config type ({@code TYPE_STRING} is {@link #BYTES}).
   *
   * @throws TensorException for {@code TYPE_INVALID} or a type this protocol does not know
   */
  public static DataType fromConfig(io.distillery.schemas.kserve.config.DataType type) {
    return switch (type) {
      case TYPE_STRING -> BYTES;
      case TYPE_INVALID, UNRECOGNIZED ->
          throw new TensorException(
              "unknown-datatype", "The model configuration has no valid data_type (" + type + ")");
      default -> valueOf(type.name().substring(CONFIG_PREFIX.length()));
    };
  }

  /**
   * The model-config type of this datatype, e.g. {@code TYPE_FP32}; {@link #BYTES} is {@code
   * TYPE_STRING}.
   */
  public io.distillery.schemas.kserve.config.DataType toConfig() {
    return io.distillery.schemas.kserve.config.DataType.valueOf(
        CONFIG_PREFIX + (this == BYTES ? "STRING" : name()));
  }
}
