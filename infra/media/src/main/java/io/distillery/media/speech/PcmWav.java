package io.distillery.media.speech;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavFile;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** 16-bit mono PCM for the synthesiser: reading sox's output and adding faint noise. */
final class PcmWav {

  private PcmWav() {}

  /** The samples of sox's 16-bit PCM WAV output. */
  static short[] samples(byte[] wav) throws IOException {
    WavFile file;
    try {
      file = Wav.parse(wav);
    } catch (RefusedRecordException e) {
      throw new IOException("sox output is not a whole WAV file: " + e.describe(), e);
    }
    ByteBuffer data = ByteBuffer.wrap(file.data()).order(ByteOrder.LITTLE_ENDIAN);
    short[] samples = new short[data.remaining() / 2];
    data.asShortBuffer().get(samples);
    return samples;
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
}
