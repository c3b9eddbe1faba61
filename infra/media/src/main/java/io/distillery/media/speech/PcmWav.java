package io.distillery.media.speech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** 16-bit mono PCM WAV: reading sox's output, adding faint noise and writing a canonical file. */
final class PcmWav {

  private PcmWav() {}

  /** The samples of a 16-bit PCM WAV's {@code data} chunk. */
  static short[] samples(byte[] wav) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    int pos = 12;
    while (pos + 8 <= wav.length) {
      String id = new String(wav, pos, 4, StandardCharsets.ISO_8859_1);
      int size = buf.getInt(pos + 4);
      if ("data".equals(id)) {
        int bytes = Math.min(size < 0 ? Integer.MAX_VALUE : size, wav.length - pos - 8);
        short[] samples = new short[bytes / 2];
        buf.position(pos + 8);
        buf.asShortBuffer().get(samples);
        return samples;
      }
      pos += 8 + size + (size & 1);
    }
    throw new IOException("sox output has no data chunk");
  }

  /**
   * Adds uniform white noise of peak {@code amplitude} (fraction of full scale) drawn from {@code
   * random}, clipping at full scale.
   */
  static short[] withNoise(short[] samples, double amplitude, Random random) {
    short[] out = new short[samples.length];
    double peak = amplitude * 32768;
    for (int i = 0; i < samples.length; i++) {
      long value = Math.round(samples[i] + (random.nextDouble() * 2 - 1) * peak);
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
    }
    return out;
  }

  /** A canonical 44-byte-header WAV of 16-bit mono samples. */
  static byte[] encode(short[] samples, int sampleRate) {
    int dataBytes = samples.length * 2;
    ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(36 + dataBytes);
    buf.put("WAVE".getBytes(StandardCharsets.ISO_8859_1));
    buf.put("fmt ".getBytes(StandardCharsets.ISO_8859_1)).putInt(16);
    buf.putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2);
    buf.putShort((short) 2).putShort((short) 16);
    buf.put("data".getBytes(StandardCharsets.ISO_8859_1)).putInt(dataBytes);
    for (short s : samples) {
      buf.putShort(s);
    }
    return buf.array();
  }
}
