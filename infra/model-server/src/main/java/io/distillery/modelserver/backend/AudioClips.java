package io.distillery.modelserver.backend;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.media.audio.WavWriter;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts audio tensors (FP32 samples in [-1, 1], INT16 PCM, or a BYTES element holding a WAV
 * file) to 16 kHz mono 16-bit PCM and wraps PCM in a canonical 44-byte WAV header.
 */
public final class AudioClips {

  /** The only sample rate the decoder's acoustic model accepts. */
  public static final int SAMPLE_RATE = 16_000;

  private AudioClips() {}

  /**
   * FP32 little-endian samples to PCM16, clipping at full scale: the inverse of reading PCM16 as
   * {@code v / 32768}, so samples sent as floats decode exactly as the WAV file they came from.
   */
  public static byte[] pcmFromFloats(byte[] data, int offset, int samples) {
    ByteBuffer in = ByteBuffer.wrap(data, offset, samples * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      long v = Math.round(in.getFloat() * 32768.0);
      out.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v)));
    }
    return out.array();
  }

  /**
   * PCM16 from a BYTES element holding a WAV file, read as every stage reads it (16 kHz mono 16-bit
   * PCM, anything else refused with the same reason).
   *
   * @throws ServingException INVALID_ARGUMENT when the element is not such a WAV file
   */
  public static byte[] pcmFromWav(byte[] element) {
    if (!Wav.isWav(element)) {
      throw ServingException.invalid(
          "audio element of " + element.length + " bytes is not a WAV file (RIFF/WAVE)");
    }
    try {
      return Wav.read(element, WavPolicy.SPEECH_16K).data();
    } catch (RefusedRecordException e) {
      throw ServingException.invalid("audio element refused: " + e.describe());
    }
  }

  /** PCM16 samples wrapped in a 44-byte WAV header (16 kHz, mono, 16-bit). */
  public static byte[] wav(byte[] pcm) {
    return WavWriter.pcm(SAMPLE_RATE, 1, 16, pcm);
  }
}
