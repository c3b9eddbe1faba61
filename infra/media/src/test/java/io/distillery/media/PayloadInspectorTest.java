package io.distillery.media;

import static io.distillery.testkit.media.TestPayloads.flip;
import static io.distillery.testkit.media.TestPayloads.goodWav;
import static io.distillery.testkit.media.TestPayloads.image;
import static io.distillery.testkit.media.TestPayloads.truncate;
import static io.distillery.testkit.media.TestPayloads.wav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.media.audio.WavPolicy;
import io.distillery.media.image.ImagePolicy;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadInspectorTest {

  private final PayloadInspector inspector = PayloadInspector.defaults();

  @Test
  void shouldAcceptSixteenKilohertzMonoPcmWithItsDuration() throws Exception {
    Inspection inspection = inspector.inspect(goodWav(1.5));

    assertThat(inspection.modality()).isEqualTo(Modality.AUDIO);
    assertThat(inspection.contentType()).isEqualTo("audio/wav");
    assertThat(inspection.sampleRate()).isEqualTo(16_000);
    assertThat(inspection.durationSeconds()).isEqualTo(1.5);
  }

  /** Payloads the inspector refuses: what each is, the reason's code, fragments of the message. */
  static Stream<Arguments> refusedPayloads() {
    byte[] png = image("png", 40, 40);
    byte[] jpeg = image("jpg", 40, 40);
    byte[] wav = goodWav(0.5);
    return Stream.of(
        refused(
            "a sample rate other than 16 kHz, naming the rate and the fix",
            wav(44_100, 1, 16, 0.5),
            "wav-sample-rate",
            "44100 Hz",
            "sox"),
        refused("stereo", wav(16_000, 2, 16, 0.5), "wav-channels", "2 channels"),
        refused("8-bit samples", wav(16_000, 1, 8, 0.5), "wav-bits", "8-bit"),
        refused(
            "IEEE float samples",
            wav(3, 16_000, 1, 32, 800),
            "wav-unsupported-format",
            "IEEE float"),
        refused("a truncated WAV", truncate(wav, wav.length - 100), "wav-truncated", "declares"),
        refused("a zero-length file", new byte[0], "empty-payload", "0 bytes"),
        refused("an empty data chunk", wav(1, 16_000, 1, 16, 0), "wav-empty", "no samples"),
        refused(
            "a byte rate that contradicts the format",
            withInt(goodWav(0.2), 28, 12345),
            "wav-inconsistent-header",
            "byte rate 12345"),
        refused(
            "a data chunk longer than the file",
            withInt(goodWav(0.2), 40, goodWav(0.2).length),
            "wav-truncated",
            "chunk 'data'"),
        refused(
            "RIFF that is not WAVE",
            withByte(goodWav(0.2), 8, 'A'),
            "wav-not-riff",
            "not a RIFF/WAVE"),
        refused("a truncated PNG", truncate(png, png.length / 2), "image-truncated", "PNG"),
        refused("a PNG with a corrupted byte", flip(png, png.length / 2), "image-corrupt", "CRC"),
        refused(
            "a truncated JPEG",
            truncate(jpeg, jpeg.length - 30),
            "image-truncated",
            "end-of-image"),
        refused(
            "unknown content",
            "hello, world".getBytes(StandardCharsets.UTF_8),
            "unsupported-content",
            "not a RIFF/WAVE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedPayloads")
  void shouldRefuseWithTheReasonAndAMessageThatSaysWhy(
      String what, byte[] payload, String code, String[] fragments) {
    assertThatThrownBy(() -> inspector.inspect(payload))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> {
              assertThat(e.reason().code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(fragments);
            });
  }

  @Test
  void shouldAcceptPngAndJpegWithTheirDimensions() throws Exception {
    Inspection png = inspector.inspect(image("png", 28, 20));
    Inspection jpeg = inspector.inspect(image("jpg", 64, 48));

    assertThat(png.contentType()).isEqualTo("image/png");
    assertThat(png.width()).isEqualTo(28);
    assertThat(png.height()).isEqualTo(20);
    assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
    assertThat(jpeg.modality()).isEqualTo(Modality.IMAGE);
  }

  @Test
  void shouldRejectImageLargerThanThePolicyBeforeDecodingIt() {
    PayloadInspector small = new PayloadInspector(WavPolicy.SPEECH_16K, new ImagePolicy(32, 32));
    assertThatThrownBy(() -> small.inspect(image("png", 33, 10)))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> assertThat(e.describe()).startsWith("image-dimensions").contains("33x10"));
  }

  @Property(tries = 60)
  void everyTruncationOfAValidWavIsRejected(@ForAll @IntRange(min = 0, max = 3243) int cut) {
    byte[] good = goodWav(0.1);
    assertThatThrownBy(() -> inspector.inspect(truncate(good, Math.min(cut, good.length - 1))))
        .isInstanceOf(RefusedRecordException.class);
  }

  @Property(tries = 60)
  void everyTruncationOfAValidPngIsRejected(@ForAll @IntRange(min = 0, max = 100_000) int cut) {
    byte[] good = image("png", 24, 24);
    assertThatThrownBy(() -> inspector.inspect(truncate(good, cut % good.length)))
        .isInstanceOf(RefusedRecordException.class);
  }

  private static Arguments refused(String what, byte[] payload, String code, String... fragments) {
    return Arguments.of(what, payload, code, fragments);
  }

  /** {@code bytes} with the little-endian int at {@code offset} set to {@code value}. */
  private static byte[] withInt(byte[] bytes, int offset, int value) {
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    return bytes;
  }

  /** {@code bytes} with the byte at {@code index} set to {@code value}. */
  private static byte[] withByte(byte[] bytes, int index, char value) {
    bytes[index] = (byte) value;
    return bytes;
  }
}
