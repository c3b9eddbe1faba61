package io.distillery.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageSamplesTest {

  private final ImageSamples samples = ImageSamples.fashionMnist();

  @Test
  void shouldTakeThePseudoLabelFromTheEnsembleWhenPresent() throws Exception {
    ScoredRecord record =
        ScoredRecords.image(
            "r1",
            List.of(
                ScoredRecords.output(ModelRole.TEACHER, ScoredRecords.peaked(3)),
                ScoredRecords.output(ModelRole.ENSEMBLE, ScoredRecords.peaked(7))),
            0.5,
            false);

    ImageSample sample = samples.toSample(record, png(128));

    assertThat(sample.pseudoLabel()).isEqualTo(7);
    assertThat(sample.weight()).isEqualTo(0.5f);
    assertThat(sample.hardLabel()).isTrue();
    assertThat(sample.pixels()[0]).isCloseTo(128 / 255f, within(1e-6f));
  }

  @Test
  void shouldMarkSoftTargetOnlyRecords() throws Exception {
    ScoredRecord record = peakedAtOne("r2", ModelRole.TEACHER, true);

    assertThat(samples.toSample(record, png(0)).hardLabel()).isFalse();
  }

  @Test
  void shouldRejectARecordWithoutTeacherOutput() {
    ScoredRecord record = peakedAtOne("r3", ModelRole.PROXY, false);

    assertThatThrownBy(() -> samples.toSample(record, png(0)))
        .isInstanceOf(RefusedRecordException.class)
        .extracting(e -> ((RefusedRecordException) e).reason().code())
        .isEqualTo("missing-teacher-output");
  }

  @Test
  void shouldRejectAnImageOfTheWrongSize() {
    ScoredRecord record = peakedAtOne("r4", ModelRole.TEACHER, false);

    assertThatThrownBy(() -> samples.toSample(record, new byte[] {1, 2, 3}))
        .isInstanceOf(RefusedRecordException.class);
  }

  /** A record of weight 1 whose only output, by the model playing {@code role}, peaks at 1. */
  private static ScoredRecord peakedAtOne(String id, ModelRole role, boolean softOnly) {
    return ScoredRecords.image(
        id, List.of(ScoredRecords.output(role, ScoredRecords.peaked(1))), 1, softOnly);
  }

  private static byte[] png(int value) throws IOException {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        image.getRaster().setSample(x, y, 0, value);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
