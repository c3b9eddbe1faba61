package io.distillery.media.validation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Checks a RIFF/WAVE file completely before it is sent: header, chunk layout, a PCM {@code fmt }
 * chunk that matches the {@link WavPolicy}, internally consistent rates, and a non-empty {@code
 * data} chunk that lies entirely inside the file.
 */
final class WavInspector {

  private static final int PCM = 1;
  private static final int IEEE_FLOAT = 3;
  private static final int EXTENSIBLE = 0xFFFE;

  private WavInspector() {}

  /** The sample rate and duration of {@code wav}, or the first reason it is refused. */
  static Inspection inspect(byte[] wav, WavPolicy policy) throws InvalidPayloadException {
    if (wav.length < 12) {
      throw new InvalidPayloadException(
          "wav-truncated", "file has " + wav.length + " bytes, a RIFF/WAVE header needs 12");
    }
    ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (!"RIFF".equals(fourcc(wav, 0)) || !"WAVE".equals(fourcc(wav, 8))) {
      throw new InvalidPayloadException(
          "wav-not-riff", "not a RIFF/WAVE file (starts with '" + fourcc(wav, 0) + "')");
    }
    long declared = Integer.toUnsignedLong(buf.getInt(4)) + 8;
    if (declared > wav.length) {
      throw new InvalidPayloadException(
          "wav-truncated",
          "RIFF header declares " + declared + " bytes but the file has " + wav.length);
    }
    if (declared < wav.length - 1) {
      throw new InvalidPayloadException(
          "wav-inconsistent-header",
          "RIFF header declares " + declared + " bytes but the file has " + wav.length);
    }
    Format format = null;
    long dataBytes = -1;
    int pos = 12;
    while (pos + 8 <= declared) {
      String id = fourcc(wav, pos);
      long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
      int body = pos + 8;
      if (body + size > declared) {
        throw new InvalidPayloadException(
            "wav-truncated",
            "chunk '"
                + id.strip()
                + "' declares "
                + size
                + " bytes but only "
                + (declared - body)
                + " remain");
      }
      if ("fmt ".equals(id)) {
        format = Format.read(buf, body, size);
      } else if ("data".equals(id)) {
        if (format == null) {
          throw new InvalidPayloadException("wav-no-fmt", "'data' chunk before the 'fmt ' chunk");
        }
        dataBytes = size;
      }
      pos = (int) (body + size + (size & 1));
    }
    if (format == null) {
      throw new InvalidPayloadException("wav-no-fmt", "no 'fmt ' chunk");
    }
    if (dataBytes < 0) {
      throw new InvalidPayloadException("wav-no-data", "no 'data' chunk");
    }
    return check(format, dataBytes, policy);
  }

  private static Inspection check(Format f, long dataBytes, WavPolicy policy)
      throws InvalidPayloadException {
    if (f.tag == IEEE_FLOAT) {
      throw new InvalidPayloadException(
          "wav-unsupported-format",
          "IEEE float samples are not accepted, the pipeline wants integer PCM; "
              + policy.conversionHint());
    }
    if (f.tag != PCM) {
      throw new InvalidPayloadException(
          "wav-unsupported-format",
          "audio format " + f.tag + " is not PCM (1); " + policy.conversionHint());
    }
    if (!policy.sampleRates().contains(f.sampleRate)) {
      throw new InvalidPayloadException(
          "wav-sample-rate",
          "sample rate "
              + f.sampleRate
              + " Hz is not accepted (allowed: "
              + policy.sampleRates()
              + " Hz); "
              + policy.conversionHint());
    }
    if (f.channels != policy.channels()) {
      throw new InvalidPayloadException(
          "wav-channels",
          f.channels
              + " channels, the pipeline wants "
              + policy.channels()
              + "; "
              + policy.conversionHint());
    }
    if (f.bits != policy.bitsPerSample()) {
      throw new InvalidPayloadException(
          "wav-bits",
          f.bits
              + "-bit samples, the pipeline wants "
              + policy.bitsPerSample()
              + "-bit; "
              + policy.conversionHint());
    }
    int blockAlign = f.channels * f.bits / 8;
    if (f.blockAlign != blockAlign || f.byteRate != (long) f.sampleRate * blockAlign) {
      throw new InvalidPayloadException(
          "wav-inconsistent-header",
          "fmt chunk is inconsistent: block align "
              + f.blockAlign
              + " (expected "
              + blockAlign
              + "), byte rate "
              + f.byteRate
              + " (expected "
              + (long) f.sampleRate * blockAlign
              + ")");
    }
    if (dataBytes == 0) {
      throw new InvalidPayloadException("wav-empty", "the 'data' chunk holds no samples");
    }
    if (dataBytes % blockAlign != 0) {
      throw new InvalidPayloadException(
          "wav-inconsistent-header",
          "data length " + dataBytes + " is not a multiple of the frame size " + blockAlign);
    }
    double seconds = (double) dataBytes / f.byteRate;
    if (seconds > policy.maxSeconds()) {
      throw new InvalidPayloadException(
          "wav-too-long",
          String.format(
              "%.1f s of audio exceeds the limit of %.1f s", seconds, policy.maxSeconds()));
    }
    return Inspection.audio(f.sampleRate, seconds);
  }

  private static String fourcc(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
  }

  private record Format(
      int tag, int channels, int sampleRate, long byteRate, int blockAlign, int bits) {

    static Format read(ByteBuffer buf, int at, long size) throws InvalidPayloadException {
      if (size < 16) {
        throw new InvalidPayloadException(
            "wav-inconsistent-header", "'fmt ' chunk has " + size + " bytes, needs at least 16");
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
