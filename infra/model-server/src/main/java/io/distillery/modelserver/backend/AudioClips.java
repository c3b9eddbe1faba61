package io.distillery.modelserver.backend;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.media.audio.WavWriter;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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

  /**
   * PCM16 from a BYTES element: a WAV file, read as every stage reads it (16 kHz mono 16-bit PCM,
   * anything else refused with the same reason), or headerless PCM16.
   */
  public static byte[] pcmFromElement(byte[] element) {
    if (!Wav.isWav(element)) {
      return element;
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
