package io.distillery.trainer.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads a RIFF/WAVE payload of 16-bit PCM mono into samples in [-1, 1]. */
public final class Wav {

  private Wav() {}

  /**
   * The samples of a 16-bit PCM mono WAV at {@code expectedRate} Hz.
   *
   * @throws SampleException when the payload is not such a file
   */
  public static float[] mono16(byte[] payload, int expectedRate) throws SampleException {
    ByteBuffer in = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    if (payload.length < 12 || in.getInt(0) != 0x46464952 || in.getInt(8) != 0x45564157) {
      throw new SampleException("undecodable-audio", "not a RIFF/WAVE file");
    }
    int position = 12;
    int channels = -1;
    int rate = -1;
    int bits = -1;
    while (position + 8 <= payload.length) {
      int id = in.getInt(position);
      int size = in.getInt(position + 4);
      int body = position + 8;
      if (id == 0x20746d66) { // "fmt "
        int format = in.getShort(body) & 0xffff;
        channels = in.getShort(body + 2);
        rate = in.getInt(body + 4);
        bits = in.getShort(body + 14);
        if (format != 1) {
          throw new SampleException("unsupported-audio", "WAV format " + format + " is not PCM");
        }
      } else if (id == 0x61746164) { // "data"
        if (channels != 1 || bits != 16 || rate != expectedRate) {
          throw new SampleException(
              "unsupported-audio",
              "need 16-bit mono at "
                  + expectedRate
                  + " Hz, got "
                  + bits
                  + "-bit, "
                  + channels
                  + " channels, "
                  + rate
                  + " Hz");
        }
        int length = Math.min(size, payload.length - body) / 2;
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
          samples[i] = in.getShort(body + 2 * i) / 32768f;
        }
        return samples;
      }
      position = body + size + (size & 1);
    }
    throw new SampleException("undecodable-audio", "WAV has no data chunk");
  }
}
