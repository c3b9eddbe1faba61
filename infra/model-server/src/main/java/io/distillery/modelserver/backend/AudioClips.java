package io.distillery.modelserver.backend;

import io.distillery.modelserver.ServingException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Converts audio tensors (FP32 samples in [-1, 1], INT16 PCM, or a BYTES element holding a WAV file
 * or raw 16-bit PCM) to 16 kHz mono 16-bit PCM and wraps PCM in a canonical 44-byte WAV header.
 */
public final class AudioClips {

  /** The only sample rate the decoder's acoustic model accepts. */
  public static final int SAMPLE_RATE = 16_000;

  private AudioClips() {}

  /** FP32 little-endian samples to PCM16, clipping at full scale. */
  public static byte[] pcmFromFloats(byte[] data, int offset, int samples) {
    ByteBuffer in = ByteBuffer.wrap(data, offset, samples * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      float s = Math.max(-1f, Math.min(1f, in.getFloat()));
      out.putShort((short) Math.round(s * 32767));
    }
    return out.array();
  }

  /** PCM16 from a BYTES element: a 16 kHz mono 16-bit WAV file, or headerless PCM16. */
  public static byte[] pcmFromElement(byte[] element) {
    if (element.length < 12
        || !"RIFF".equals(ascii(element, 0))
        || !"WAVE".equals(ascii(element, 8))) {
      return element;
    }
    ByteBuffer wav = ByteBuffer.wrap(element).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    boolean formatChecked = false;
    while (pos + 8 <= element.length) {
      String id = ascii(element, pos);
      int size = wav.getInt(pos + 4);
      if (size < 0 || pos + 8L + size > element.length) {
        throw ServingException.invalid("WAV chunk '" + id + "' runs past the end of the file");
      }
      if ("fmt ".equals(id)) {
        checkFormat(wav, pos + 8);
        formatChecked = true;
      } else if ("data".equals(id)) {
        if (!formatChecked) {
          throw ServingException.invalid("WAV file has no fmt chunk before its data");
        }
        byte[] pcm = new byte[size];
        System.arraycopy(element, pos + 8, pcm, 0, size);
        return pcm;
      }
      pos += 8 + size + (size & 1);
    }
    throw ServingException.invalid("WAV file has no data chunk");
  }

  /** PCM16 samples wrapped in a 44-byte WAV header (16 kHz, mono, 16-bit). */
  public static byte[] wav(byte[] pcm) {
    ByteBuffer out = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length);
    out.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    out.putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2);
    out.putShort((short) 2).putShort((short) 16);
    out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length).put(pcm);
    return out.array();
  }

  private static void checkFormat(ByteBuffer wav, int at) {
    int encoding = wav.getShort(at);
    int channels = wav.getShort(at + 2);
    int rate = wav.getInt(at + 4);
    int bits = wav.getShort(at + 14);
    if (encoding != 1 || channels != 1 || rate != SAMPLE_RATE || bits != 16) {
      throw ServingException.invalid(
          "WAV must be 16 kHz mono 16-bit PCM, got encoding "
              + encoding
              + ", "
              + channels
              + " channel(s), "
              + rate
              + " Hz, "
              + bits
              + " bits");
    }
  }

  private static String ascii(byte[] data, int at) {
    return new String(data, at, 4, StandardCharsets.US_ASCII);
  }
}
