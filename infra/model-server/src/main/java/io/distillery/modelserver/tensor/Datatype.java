package io.distillery.modelserver.tensor;

import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.config.DataType;
import java.util.Locale;

/** A tensor element type under its KServe v2 wire name ("FP32", "BYTES", ...). */
public enum Datatype {
  BOOL(1),
  UINT8(1),
  UINT16(2),
  UINT32(4),
  UINT64(8),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FP16(2),
  FP32(4),
  FP64(8),
  BYTES(-1),
  BF16(2);

  private final int byteSize;

  Datatype(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element; -1 for BYTES, whose elements carry their own length. */
  public int byteSize() {
    return byteSize;
  }

  /** The wire name, as sent in {@code datatype} fields. */
  public String wireName() {
    return name();
  }

  /** Parses a wire name; unknown names are a bad request. */
  public static Datatype fromWire(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ServingException.invalid("unknown datatype '" + name + "'");
    }
  }

  /** The wire type of a config.pbtxt type ({@code TYPE_STRING} is {@code BYTES}). */
  public static Datatype fromConfig(DataType type) {
    return switch (type) {
      case TYPE_STRING -> BYTES;
      case TYPE_INVALID, UNRECOGNIZED ->
          throw new IllegalArgumentException("model configuration has no valid data_type");
      default -> valueOf(type.name().substring("TYPE_".length()));
    };
  }
}
