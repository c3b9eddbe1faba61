package io.distillery.media.audio;

import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads RIFF/WAVE files for every stage. Chunk sizes are unsigned 32-bit numbers: a size that runs
 * past the end of the file (0xFFFFFFF8, or one with the top bit set) is a truncated file, never a
 * negative step, so a hostile header can neither loop the reader nor throw an unchecked exception.
 */
public final class Wav {

  private static final int EXTENSIBLE = 0xFFFE;

  private Wav() {}

  /** Whether the bytes start like a RIFF/WAVE file. */
  public static boolean isWav(byte[] bytes) {
    return bytes.length >= 12 && "RIFF".equals(fourcc(bytes, 0)) && "WAVE".equals(fourcc(bytes, 8));
  }

  /**
   * The checked layout of {@code wav}.
   *
   * @throws RefusedRecordException with a {@code wav-*} reason when the file is not whole and
   *     consistent
   */
  public static WavFile parse(byte[] wav) throws RefusedRecordException {
    if (wav.length < 12) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_TRUNCATED,
          "file has " + wav.length + " bytes, a RIFF/WAVE header needs 12");
    }
    if (!isWav(wav)) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_NOT_RIFF,
          "not a RIFF/WAVE file (starts with '" + fourcc(wav, 0) + "')");
    }
    ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    long declared = Integer.toUnsignedLong(buf.getInt(4)) + 8;
    if (declared > wav.length) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_TRUNCATED,
          "RIFF header declares " + declared + " bytes but the file has " + wav.length);
    }
    if (declared < wav.length - 1) {
      throw new RefusedRecordException(
          DeadLetterReason.WAV_INCONSISTENT_HEADER,
          "RIFF header declares " + declared + " bytes but the file has " + wav.length);
    }
    Format format = null;
    long dataOffset = -1;
    long dataLength = -1;
    long pos = 12;
    while (pos + 8 <= declared) {
      String id = fourcc(wav, (int) pos);
      long size = Integer.toUnsignedLong(buf.getInt((int) pos + 4));
      long body = pos + 8;
      if (body + size > declared) {
        throw new RefusedRecordException(
            DeadLetterReason.WAV_TRUNCATED,
            "chunk '"
                + id.strip()
                + "' declares "
                + size
                + " bytes but only "
                + (declared - body)
                + " remain");
      }
      if ("fmt ".equals(id)) {
        format = Format.read(buf, (int) body, size);
      } else if ("data".equals(id)) {
        if (format == null) {
          throw new RefusedRecordException(
              DeadLetterReason.WAV_NO_FMT, "'data' chunk before the 'fmt ' chunk");
        }
        dataOffset = body;
        dataLength = size;
      }
      pos = body + size + (size & 1);
    }
    if (format == null) {
      throw new RefusedRecordException(DeadLetterReason.WAV_NO_FMT, "no 'fmt ' chunk");
    }
    if (dataOffset < 0) {
      throw new RefusedRecordException(DeadLetterReason.WAV_NO_DATA, "no 'data' chunk");
    }
    return new WavFile(
        format.tag,
        format.channels,
        format.sampleRate,
        format.byteRate,
        format.blockAlign,
        format.bits,
        wav,
        (int) dataOffset,
        dataLength);
  }

  /**
   * The file, parsed and accepted by {@code policy}: what every stage calls, so the same bytes get
   * the same answer everywhere.
   *
   * @throws RefusedRecordException with the first reason the file is refused
   */
  public static WavFile read(byte[] wav, WavPolicy policy) throws RefusedRecordException {
    WavFile file = parse(wav);
    policy.check(file);
    return file;
  }

  private static String fourcc(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
  }

  private record Format(
      int tag, int channels, int sampleRate, long byteRate, int blockAlign, int bits) {

    static Format read(ByteBuffer buf, int at, long size) throws RefusedRecordException {
      if (size < 16) {
        throw new RefusedRecordException(
            DeadLetterReason.WAV_INCONSISTENT_HEADER,
            "'fmt ' chunk has " + size + " bytes, needs at least 16");
      }
      int tag = Short.toUnsignedInt(buf.getShort(at));
      if (tag == EXTENSIBLE && size >= 40) {
        tag = Short.toUnsignedInt(buf.getShort(at + 24));
      }
      return new Format(
          tag,
          Short.toUnsignedInt(buf.getShort(at + 2)),
          buf.getInt(at + 4),
          Integer.toUnsignedLong(buf.getInt(at + 8)),
          Short.toUnsignedInt(buf.getShort(at + 12)),
          Short.toUnsignedInt(buf.getShort(at + 14)));
    }
  }
}
