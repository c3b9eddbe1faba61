package io.distillery.lab.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.distillery.kserve.client.SignatureReader;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.task.SpeechRecognition;
import io.distillery.media.PayloadInspector;
import io.distillery.media.audio.WavWriter;
import io.distillery.models.DemoRepository;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.testkit.records.Records;
import io.distillery.trainer.data.SpeechSamples;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile WAV headers get the same answer from the producer, the labeler and the trainer: one
 * dead-letter reason and one message, from the one WAV reader, and no hang. The trainer's old
 * reader read chunk sizes as signed ints: 0xFFFFFFF8 stepped back onto its own chunk forever.
 */
@Timeout(10)
class WavRefusalAcrossStagesTest {

  /** The demo's speech teacher, its signature read from its configuration as the labeler does. */
  private static final ModelSignature TEACHER =
      SignatureReader.read(
          ModelMetadataResponse.newBuilder()
              .setName(DemoRepository.ASR_TEACHER)
              .addVersions("1")
              .build(),
          DemoRepository.configs().stream()
              .filter(c -> c.getName().equals(DemoRepository.ASR_TEACHER))
              .findFirst(),
          0);

  static Stream<Arguments> hostileFiles() {
    return Stream.of(
        Arguments.of(
            "a chunk of 0xFFFFFFF8 bytes",
            withChunk("LIST", 0xFFFFFFF8, 8),
            DeadLetterReason.WAV_TRUNCATED),
        Arguments.of(
            "a data chunk of a negative (signed) size",
            withDataSize(0x80000010),
            DeadLetterReason.WAV_TRUNCATED),
        Arguments.of(
            "a fmt chunk cut short by the end of the file",
            cutInFmt(),
            DeadLetterReason.WAV_TRUNCATED),
        Arguments.of(
            "a fmt chunk of 8 bytes", withFmtSize(8), DeadLetterReason.WAV_INCONSISTENT_HEADER),
        Arguments.of(
            "stereo", WavWriter.pcm(16_000, 2, 16, new byte[6400]), DeadLetterReason.WAV_CHANNELS));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void shouldBeRefusedForTheSameReasonByProducerLabelerAndTrainer(
      String what, byte[] wav, DeadLetterReason reason) {
    RefusedRecordException producer =
        catchThrowableOfType(
            RefusedRecordException.class, () -> PayloadInspector.defaults().inspect(wav));
    RefusedRecordException labeler =
        catchThrowableOfType(
            RefusedRecordException.class,
            () ->
                new SpeechRecognition()
                    .inputs(raw(wav), wav, Binder.bind(TEACHER, TaskKind.SPEECH, List.of())));
    RefusedRecordException trainer =
        catchThrowableOfType(
            RefusedRecordException.class, () -> new SpeechSamples().toSamples(accepted(wav), wav));

    assertThat(producer.reason()).as("producer").isEqualTo(reason);
    assertThat(labeler.reason()).as("labeler").isEqualTo(reason);
    assertThat(trainer.reason()).as("trainer").isEqualTo(reason);
    assertThat(labeler.getMessage()).isEqualTo(producer.getMessage());
    assertThat(trainer.getMessage()).isEqualTo(producer.getMessage());
  }

  /** A good 16 kHz mono file with an extra chunk of {@code declared} size holding {@code real}. */
  private static byte[] withChunk(String id, int declared, int real) {
    byte[] good = WavWriter.pcm(16_000, 1, 16, new byte[3200]);
    ByteBuffer out = le(good.length + 8 + real);
    out.put(good, 0, 36);
    out.put(ascii(id)).putInt(declared).put(new byte[real]);
    out.put(good, 36, good.length - 36);
    out.putInt(4, out.capacity() - 8);
    return out.array();
  }

  private static byte[] withDataSize(int declared) {
    byte[] wav = WavWriter.pcm(16_000, 1, 16, new byte[3200]);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, declared);
    return wav;
  }

  /** RIFF, WAVE, then a fmt chunk declaring 16 bytes of which the file holds 6. */
  private static byte[] cutInFmt() {
    ByteBuffer out = le(12 + 8 + 6);
    out.put(ascii("RIFF")).putInt(out.capacity() - 8).put(ascii("WAVE"));
    out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putShort((short) 0);
    return out.array();
  }

  private static byte[] withFmtSize(int size) {
    ByteBuffer out = le(12 + 8 + size + 8 + 4);
    out.put(ascii("RIFF")).putInt(out.capacity() - 8).put(ascii("WAVE"));
    out.put(ascii("fmt ")).putInt(size).put(new byte[size]);
    out.put(ascii("data")).putInt(4).putInt(0);
    return out.array();
  }

  private static RawRecord raw(byte[] wav) {
    return Records.speech("asr-en", "hostile", wav).build();
  }

  private static ScoredRecord accepted(byte[] wav) {
    ModelOutput teacher = Records.output(ModelRole.TEACHER).setTranscript("hello").build();
    return Records.scored(Records.labeled(raw(wav), List.of(teacher)).build(), Decision.ACCEPT)
        .build();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
