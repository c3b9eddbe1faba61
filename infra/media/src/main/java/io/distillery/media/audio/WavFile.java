package io.distillery.media.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A RIFF/WAVE file whose layout has been checked: its {@code fmt } fields and where its {@code
 * data} chunk lies, entirely inside the file. Whether a task takes it is the {@link WavPolicy}'s
 * call.
 *
 * @param formatTag 1 for integer PCM (the sub-format of WAVE_FORMAT_EXTENSIBLE files)
 * @param channels interleaved channels
 * @param sampleRate frames per second
 * @param byteRate bytes per second the header declares
 * @param blockAlign bytes per frame the header declares
 * @param bitsPerSample bits of one sample
 * @param bytes the whole file (not copied)
 * @param dataOffset where the data chunk's samples start
 * @param dataLength the data chunk's length in bytes
 */
public record WavFile(
    int formatTag,
    int channels,
    int sampleRate,
    long byteRate,
    int blockAlign,
    int bitsPerSample,
    byte[] bytes,
    int dataOffset,
    long dataLength) {

  /** WAVE_FORMAT_PCM. */
  public static final int PCM = 1;

  /** WAVE_FORMAT_IEEE_FLOAT. */
  public static final int IEEE_FLOAT = 3;

  /** Seconds of audio, by the declared byte rate. */
  public double seconds() {
    return byteRate == 0 ? 0 : (double) dataLength / byteRate;
  }

  /**
   * The samples of a 16-bit PCM mono file in [-1, 1). Call on a file a {@link WavPolicy} of one
   * channel and 16 bits has accepted.
   */
  public float[] monoSamples() {
    if (channels != 1 || bitsPerSample != 16) {
      throw new IllegalStateException(
          "monoSamples() needs 16-bit mono, this file is " + bitsPerSample + "-bit, " + channels);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] samples = new float[(int) (dataLength / 2)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = in.getShort(dataOffset + 2 * i) / 32768f;
    }
    return samples;
  }

  /** The data chunk's bytes: little-endian interleaved samples. */
  public byte[] data() {
    byte[] data = new byte[(int) dataLength];
    System.arraycopy(bytes, dataOffset, data, 0, data.length);
    return data;
  }
}
