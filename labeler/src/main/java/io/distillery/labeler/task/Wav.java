package io.distillery.labeler.task;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads 16-bit PCM WAV files, refusing anything else with a reason. */
final class Wav {

  /** Decoded audio: rate, channels and the 16-bit samples of the data chunk. */
  record Pcm(int sampleRate, int channels, short[] pcm) {
    float[] samples() {
      float[] out = new float[pcm.length / channels];
      for (int i = 0; i < out.length; i++) {
        out[i] = pcm[i * channels] / 32768f;
      }
      return out;
    }
  }

  private Wav() {}

  static Pcm parse(byte[] wav) throws PayloadException {
    if (wav.length < 12 || !ascii(wav, 0).equals("RIFF") || !ascii(wav, 8).equals("WAVE")) {
      throw new PayloadException("undecodable-payload", "Payload is not a RIFF/WAVE file");
    }
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    in.position(12);
    int rate = 0;
    int channels = 0;
    int bits = 0;
    while (in.remaining() >= 8) {
      String id = ascii(wav, in.position());
      in.position(in.position() + 4);
      long size = Integer.toUnsignedLong(in.getInt());
      if (size > in.remaining()) {
        throw new PayloadException("undecodable-payload", "WAV chunk '" + id + "' is truncated");
      }
      int start = in.position();
      if (id.equals("fmt ")) {
        int format = in.getShort() & 0xFFFF;
        channels = in.getShort();
        rate = in.getInt();
        in.position(start + 14);
        bits = in.getShort();
        if (format != 1 || bits != 16 || channels < 1) {
          throw new PayloadException(
              "undecodable-payload",
              "WAV is not 16-bit PCM (format " + format + ", " + bits + " bits)");
        }
      } else if (id.equals("data")) {
        if (rate == 0) {
          throw new PayloadException("undecodable-payload", "WAV data chunk before its fmt chunk");
        }
        short[] pcm = new short[(int) (size / 2)];
        in.asShortBuffer().get(pcm);
        return new Pcm(rate, channels, pcm);
      }
      in.position(start + (int) size + (int) (size & 1));
    }
    throw new PayloadException("undecodable-payload", "WAV has no data chunk");
  }

  private static String ascii(byte[] b, int at) {
    return at + 4 <= b.length ? new String(b, at, 4, StandardCharsets.US_ASCII) : "";
  }
}
