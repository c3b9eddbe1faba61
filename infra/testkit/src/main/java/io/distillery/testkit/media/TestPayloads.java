package io.distillery.testkit.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/** Builds WAV, PNG and JPEG payloads in tests, good or broken, so no binary files are committed. */
public final class TestPayloads {

  private TestPayloads() {}

  /** A PCM WAV of a 440 Hz tone with the given format, {@code seconds} long. */
  public static byte[] wav(int sampleRate, int channels, int bits, double seconds) {
    return wav(1, sampleRate, channels, bits, (int) Math.round(sampleRate * seconds));
  }

  /** A WAV with format tag {@code tag} and {@code frames} frames. */
  public static byte[] wav(int tag, int sampleRate, int channels, int bits, int frames) {
    int blockAlign = channels * bits / 8;
    int dataBytes = frames * blockAlign;
    ByteBuffer buf = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"));
    buf.put(ascii("fmt ")).putInt(16).putShort((short) tag).putShort((short) channels);
    buf.putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign);
    buf.putShort((short) bits);
    buf.put(ascii("data")).putInt(dataBytes);
    for (int i = 0; i < frames; i++) {
      double v = Math.sin(2 * Math.PI * 440 * i / sampleRate) * 0.3;
      for (int c = 0; c < channels; c++) {
        if (bits == 16) {
          buf.putShort((short) Math.round(v * 32767));
        } else if (bits == 8) {
          buf.put((byte) Math.round(128 + v * 127));
        } else {
          buf.putFloat((float) v);
        }
      }
    }
    return buf.array();
  }

  /** 16 kHz mono 16-bit, {@code seconds} long: what the pipeline accepts. */
  public static byte[] goodWav(double seconds) {
    return wav(16_000, 1, 16, seconds);
  }

  /** A gradient image encoded as {@code format} ("png" or "jpg"). */
  public static byte[] image(String format, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 0x40);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The first {@code length} bytes of {@code bytes}. */
  public static byte[] truncate(byte[] bytes, int length) {
    return java.util.Arrays.copyOf(bytes, length);
  }

  /** A copy of {@code bytes} with the byte at {@code index} inverted. */
  public static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] = (byte) ~copy[index];
    return copy;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
