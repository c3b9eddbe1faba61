package io.distillery.media.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagesTest {

  private final Random random = new Random(11);

  @Test
  void shouldResizeALargerImageBilinearlyWithPixelCentresAligned() throws Exception {
    BufferedImage image = new BufferedImage(112, 112, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        image.getRaster().setSample(x, y, 0, 255);
      }
    }

    float[] pixels = decode(png(image)).resampled(28, 28, 1);

    assertThat(pixels).hasSize(28 * 28);
    assertThat(pixels[0]).isEqualTo(1f, within(1e-6f));
    assertThat(pixels[13 * 28 + 13]).isEqualTo(1f, within(1e-6f));
    assertThat(pixels[14 * 28 + 14]).isEqualTo(0f, within(1e-6f));
    assertThat(pixels[27 * 28 + 27]).isEqualTo(0f, within(1e-6f));
  }

  @Test
  void shouldKeepAnImageOfTheRequestedSizeAsItIs() throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(5, 3, 0, 51);

    float[] pixels = decode(png(image)).resampled(28, 28, 1);

    assertThat(pixels[3 * 28 + 5]).isEqualTo(0.2f, within(1e-6f));
    assertThat(pixels[0]).isZero();
  }

  @Test
  void shouldTurnColourIntoGreyByBt601Luma() throws Exception {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(0, 0, 0xff_ff0000);
    image.setRGB(1, 0, 0xff_20a040);

    float[] grey = decode(png(image)).resampled(1, 2, 1);
    float[] rgb = decode(png(image)).resampled(1, 2, 3);

    assertThat(grey[0]).isEqualTo(0.299f, within(1e-6f));
    assertThat(grey[1])
        .isEqualTo((0.299f * 0x20 + 0.587f * 0xa0 + 0.114f * 0x40) / 255, within(1e-6f));
    assertThat(rgb).containsExactly(1f, 0f, 0f, 0x20 / 255f, 0xa0 / 255f, 0x40 / 255f);
  }

  @Test
  void shouldDecodeGreyRgbAndRgbaPngsExactlyAsImageIoDoes() throws Exception {
    int[] types = {
      BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR
    };
    for (int type : types) {
      for (int trial = 0; trial < 20; trial++) {
        // Smooth gradients plus noise, so the encoder picks every filter type across rows.
        BufferedImage image = new BufferedImage(28, 28, type);
        for (int y = 0; y < 28; y++) {
          for (int x = 0; x < 28; x++) {
            int base = trial % 2 == 0 ? (x * 9 + y * 3) % 256 : random.nextInt(256);
            int rgb = (base << 16) | (((base + 40) % 256) << 8) | ((base * 7) % 256);
            image.setRGB(x, y, 0xff000000 | rgb);
          }
        }
        byte[] png = png(image);
        assertThat(Png.decode(Png.read(png))).as("decoded by the fast path").isNotNull();
        assertThat(decode(png).levels())
            .as("image type %d, trial %d", type, trial)
            .containsExactly(viaImageIo(png).levels());
      }
    }
  }

  @Test
  void shouldLeaveOtherPngsToImageIo() throws Exception {
    BufferedImage binary = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_BINARY);
    binary.setRGB(3, 4, 0xffffffff);
    byte[] png = png(binary);

    assertThat(Png.decode(Png.read(png))).isNull();
    assertThat(decode(png).levels()).containsExactly(viaImageIo(png).levels());
  }

  @Test
  void shouldRefuseTruncatedAndCorruptPngsWithTheirReasons() throws Exception {
    byte[] png = png(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY));
    byte[] corrupt = png.clone();
    corrupt[40] ^= 0x10;

    assertThatThrownBy(() -> decode(Arrays.copyOf(png, png.length / 2)))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.IMAGE_TRUNCATED));
    assertThatThrownBy(() -> decode(corrupt))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.IMAGE_CORRUPT));
  }

  @Test
  void shouldReadRawIdxPixelsSizedByTheRecordAndRefuseAMismatch() throws Exception {
    byte[] pixels = {0, (byte) 255, 51, 0, 0, 0};

    Raster raster = Images.decode(pixels, Images.IDX, 3, 2, ImagePolicy.DEFAULT);

    assertThat(raster.resampled(2, 3, 1)[1]).isEqualTo(1f);
    assertThatThrownBy(() -> Images.decode(pixels, Images.IDX, 2, 2, ImagePolicy.DEFAULT))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.IMAGE_DIMENSIONS));
  }

  private static Raster decode(byte[] png) throws RefusedRecordException {
    return Images.decode(png, "image/png", null, null, ImagePolicy.DEFAULT);
  }

  /** The levels ImageIO gives: grey samples for 8-bit grey images, else getRGB's colours. */
  private static Raster viaImageIo(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    boolean grey = image.getType() == BufferedImage.TYPE_BYTE_GRAY;
    int channels = grey ? 1 : 3;
    byte[] levels = new byte[28 * 28 * channels];
    int i = 0;
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int rgb = image.getRGB(x, y);
        if (grey) {
          levels[i++] = (byte) image.getRaster().getSample(x, y, 0);
        } else {
          levels[i++] = (byte) (rgb >> 16);
          levels[i++] = (byte) (rgb >> 8);
          levels[i++] = (byte) rgb;
        }
      }
    }
    return new Raster(28, 28, channels, levels);
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
