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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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

  @Test
  void shouldRejectWrongSampleRateNamingTheRateAndTheFix() {
    assertRejected(wav(44_100, 1, 16, 0.5), "wav-sample-rate", "44100 Hz", "sox");
  }

  @Test
  void shouldRejectStereo() {
    assertRejected(wav(16_000, 2, 16, 0.5), "wav-channels", "2 channels");
  }

  @Test
  void shouldRejectEightBitSamples() {
    assertRejected(wav(16_000, 1, 8, 0.5), "wav-bits", "8-bit");
  }

  @Test
  void shouldRejectIeeeFloatSamples() {
    assertRejected(wav(3, 16_000, 1, 32, 800), "wav-unsupported-format", "IEEE float");
  }

  @Test
  void shouldRejectTruncatedWav() {
    byte[] good = goodWav(0.5);
    assertRejected(truncate(good, good.length - 100), "wav-truncated", "declares");
  }

  @Test
  void shouldRejectZeroLengthFile() {
    assertRejected(new byte[0], "empty-payload", "0 bytes");
  }

  @Test
  void shouldRejectWavWithEmptyDataChunk() {
    assertRejected(wav(1, 16_000, 1, 16, 0), "wav-empty", "no samples");
  }

  @Test
  void shouldRejectWavWhoseByteRateContradictsItsFormat() {
    byte[] bad = goodWav(0.2);
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 12345);
    assertRejected(bad, "wav-inconsistent-header", "byte rate 12345");
  }

  @Test
  void shouldRejectDataChunkLongerThanTheFile() {
    byte[] bad = goodWav(0.2);
    ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(40, bad.length);
    assertRejected(bad, "wav-truncated", "chunk 'data'");
  }

  @Test
  void shouldRejectRiffThatIsNotWave() {
    byte[] bad = goodWav(0.2);
    bad[8] = 'A';
    assertRejected(bad, "wav-not-riff", "not a RIFF/WAVE");
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
  void shouldRejectTruncatedPng() {
    byte[] png = image("png", 40, 40);
    assertRejected(truncate(png, png.length / 2), "image-truncated", "PNG");
  }

  @Test
  void shouldRejectPngWithACorruptedByte() {
    byte[] png = image("png", 40, 40);
    assertRejected(flip(png, png.length / 2), "image-corrupt", "CRC");
  }

  @Test
  void shouldRejectTruncatedJpeg() {
    byte[] jpeg = image("jpg", 40, 40);
    assertRejected(truncate(jpeg, jpeg.length - 30), "image-truncated", "end-of-image");
  }

  @Test
  void shouldRejectImageLargerThanThePolicyBeforeDecodingIt() {
    PayloadInspector small = new PayloadInspector(WavPolicy.SPEECH_16K, new ImagePolicy(32, 32));
    assertThatThrownBy(() -> small.inspect(image("png", 33, 10)))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> assertThat(e.describe()).startsWith("image-dimensions").contains("33x10"));
  }

  @Test
  void shouldRejectUnknownContent() {
    assertRejected("hello, world".getBytes(), "unsupported-content", "not a RIFF/WAVE");
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

  private void assertRejected(byte[] payload, String code, String... fragments) {
    assertThatThrownBy(() -> inspector.inspect(payload))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> {
              assertThat(e.reason().code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(fragments);
            });
  }
}
