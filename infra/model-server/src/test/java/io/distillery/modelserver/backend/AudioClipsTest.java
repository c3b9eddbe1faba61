package io.distillery.modelserver.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.modelserver.ServingException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class AudioClipsTest {

  @Test
  void shouldRecoverThePcmItWrappedInAWavHeader() {
    byte[] pcm = {1, 2, 3, 4, 5, 6};

    byte[] wav = AudioClips.wav(pcm);

    assertThat(wav).hasSize(44 + pcm.length);
    assertThat(AudioClips.pcmFromWav(wav)).containsExactly(pcm);
  }

  @Test
  void shouldRejectAWavOfAnotherSampleRate() {
    byte[] wav = AudioClips.wav(new byte[4]);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 44_100);

    assertThatThrownBy(() -> AudioClips.pcmFromWav(wav))
        .isInstanceOf(ServingException.class)
        .hasMessageContaining("wav-sample-rate");
  }

  @Test
  void shouldRejectBytesThatAreNotAWavFileAsTritonRejectsUndecodableAudio() {
    // Triton's ASR backends fail a request whose audio does not decode; raw PCM is not a WAV file
    byte[] notAudio = "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> AudioClips.pcmFromWav(notAudio))
        .isInstanceOf(ServingException.class)
        .hasMessageContaining("not a WAV file")
        .extracting(e -> ((ServingException) e).reason())
        .isEqualTo(ServingException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void shouldScaleAndClipFloatSamples() {
    ByteBuffer floats = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    floats.putFloat(0.5f).putFloat(2f).putFloat(-1f);

    ByteBuffer pcm =
        ByteBuffer.wrap(AudioClips.pcmFromFloats(floats.array(), 0, 3))
            .order(ByteOrder.LITTLE_ENDIAN);

    assertThat(new short[] {pcm.getShort(), pcm.getShort(), pcm.getShort()})
        .containsExactly((short) 16384, (short) 32767, (short) -32768);
  }

  @Test
  void shouldGiveBackEveryPcmValueReadAsFloats() {
    // the labeler reads WAV samples as v / 32768 and sends them as FP32: the decoder must hear
    // the same audio as from the WAV file
    ByteBuffer floats = ByteBuffer.allocate(4 * 65_536).order(ByteOrder.LITTLE_ENDIAN);
    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v++) {
      floats.putFloat(v / 32768f);
    }

    ByteBuffer pcm =
        ByteBuffer.wrap(AudioClips.pcmFromFloats(floats.array(), 0, 65_536))
            .order(ByteOrder.LITTLE_ENDIAN);

    for (int v = Short.MIN_VALUE; v <= Short.MAX_VALUE; v++) {
      assertThat(pcm.getShort()).isEqualTo((short) v);
    }
  }
}
