package io.distillery.labeler.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Audio the speech teachers cannot decode correctly is refused before it is sent. */
class SpeechInputChecksTest {

  @Test
  void shouldRefuseAudioAtAnotherSampleRateForEitherInputForm() {
    for (ModelSignature model : List.of(Signatures.WAV_RECOGNIZER, Signatures.SAMPLES_RECOGNIZER)) {
      RefusedRecordException e = refused(wav(44_100, 441), model);

      assertThat(e.reason().code()).isEqualTo("wav-sample-rate");
      assertThat(e).hasMessageContaining("44100 Hz").hasMessageContaining("sox IN.wav -r 16000");
    }
  }

  @Test
  void shouldRefuseAudioWithoutSamples() {
    RefusedRecordException e = refused(wav(16_000, 0), Signatures.WAV_RECOGNIZER);

    assertThat(e.reason().code()).isEqualTo("wav-empty");
    assertThat(e).hasMessageContaining("no samples");
  }

  @Test
  void shouldAcceptSixteenKilohertzAudio() throws Exception {
    assertThat(
            new SpeechRecognition()
                .inputs(
                    record(), wav(16_000, 160), Signatures.speech(Signatures.SAMPLES_RECOGNIZER))
                .get(0)
                .floats())
        .hasSize(160);
  }

  private static RefusedRecordException refused(byte[] wav, ModelSignature model) {
    return catchThrowableOfType(
        RefusedRecordException.class,
        () -> new SpeechRecognition().inputs(record(), wav, Signatures.speech(model)));
  }

  private static byte[] wav(int rate, int samples) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt(36 + samples * 2).put(ascii("WAVEfmt ")).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
    b.putShort((short) 2).putShort((short) 16);
    b.put(ascii("data")).putInt(samples * 2);
    return b.array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static RawRecord record() {
    return RawRecord.newBuilder()
        .setId("r")
        .setTask("asr")
        .setModality(Modality.AUDIO)
        .setContentType("audio/wav")
        .setSource("test")
        .setIngestTime(Instant.now())
        .build();
  }
}
