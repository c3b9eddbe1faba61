package io.distillery.media.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes canonical WAV files: a 44-byte header ({@code RIFF}, {@code fmt } of 16 bytes, data). */
public final class WavWriter {

  private WavWriter() {}

  /** A 16-bit mono PCM file of {@code samples} at {@code sampleRate}. */
  public static byte[] pcm16Mono(short[] samples, int sampleRate) {
    ByteBuffer data = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : samples) {
      data.putShort(s);
    }
    return pcm(sampleRate, 1, 16, data.array());
  }

  /**
   * A PCM file around {@code data}, little-endian interleaved samples of {@code channels} channels
   * of {@code bits} bits; byte rate and block align follow from them.
   */
  public static byte[] pcm(int sampleRate, int channels, int bits, byte[] data) {
    int blockAlign = channels * bits / 8;
    ByteBuffer out = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(ascii("RIFF")).putInt(36 + data.length).put(ascii("WAVE"));
    out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels);
    out.putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign);
    out.putShort((short) bits);
    out.put(ascii("data")).putInt(data.length).put(data);
    return out.array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
