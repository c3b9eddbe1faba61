package io.distillery.modelserver.tensor;

import io.distillery.modelserver.ServingException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** The BYTES tensor layout: each element a 4-byte little-endian length followed by its bytes. */
public final class BytesElements {

  private BytesElements() {}

  /** Splits serialized BYTES tensor data into its elements; a truncated buffer is a bad request. */
  public static List<byte[]> split(byte[] data) {
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> elements = new ArrayList<>();
    while (buffer.hasRemaining()) {
      if (buffer.remaining() < 4) {
        throw ServingException.invalid("BYTES tensor ends inside an element length prefix");
      }
      long length = Integer.toUnsignedLong(buffer.getInt());
      if (length > buffer.remaining()) {
        throw ServingException.invalid(
            "BYTES element of " + length + " bytes exceeds the " + buffer.remaining() + " left");
      }
      byte[] element = new byte[(int) length];
      buffer.get(element);
      elements.add(element);
    }
    return elements;
  }

  /** Serializes elements into BYTES tensor data. */
  public static byte[] join(List<byte[]> elements) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer prefix = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] element : elements) {
      prefix.clear();
      prefix.putInt(element.length);
      out.write(prefix.array(), 0, 4);
      out.write(element, 0, element.length);
    }
    return out.toByteArray();
  }
}
