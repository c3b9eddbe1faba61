package io.distillery.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A growable buffer and a direct binary encoder over it, one per thread, that the serdes reuse so
 * that encoding a record allocates one array, its result, rather than a buffer that grows, its copy
 * and an encoder. A buffer grown past {@link #KEEP_AT_MOST} by an unusually large record is dropped
 * after use rather than kept by its thread.
 */
final class EncodeBuffer extends ByteArrayOutputStream {

  private static final int KEEP_AT_MOST = 1 << 20;

  private static final ThreadLocal<EncodeBuffer> PER_THREAD =
      ThreadLocal.withInitial(EncodeBuffer::new);

  private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(this, null);
  private boolean inUse;

  private EncodeBuffer() {
    super(4096);
  }

  /** What a serde writes for one record. */
  @FunctionalInterface
  interface Writing {
    void writeTo(EncodeBuffer out) throws IOException;
  }

  /**
   * Runs {@code writing} on this thread's buffer and returns what it wrote.
   *
   * @throws SerializationException when writing fails, naming {@code type}
   */
  static byte[] encode(Class<?> type, Writing writing) {
    EncodeBuffer out = acquire();
    try {
      writing.writeTo(out);
      out.encoder.flush();
      return Arrays.copyOf(out.buf, out.count);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Cannot encode " + type.getSimpleName(), e);
    } finally {
      out.release();
    }
  }

  private static EncodeBuffer acquire() {
    EncodeBuffer buffer = PER_THREAD.get();
    if (buffer.inUse) {
      // an encoder called from inside another encoder on this thread: do not share
      buffer = new EncodeBuffer();
    }
    buffer.reset();
    buffer.inUse = true;
    return buffer;
  }

  /** The encoder that writes into this buffer. */
  BinaryEncoder encoder() {
    return encoder;
  }

  private void release() {
    inUse = false;
    if (buf.length > KEEP_AT_MOST && PER_THREAD.get() == this) {
      PER_THREAD.remove();
    }
  }
}
