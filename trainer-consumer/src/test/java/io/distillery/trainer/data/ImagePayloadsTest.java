package io.distillery.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePayloadsTest {

  private final Random random = new Random(11);

  @Test
  void shouldResizeALargerImageToTheStudentsSizeAsTheLabelerDoes() throws Exception {
    BufferedImage image = new BufferedImage(112, 112, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        image.getRaster().setSample(x, y, 0, 255);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);

    float[] pixels = ImagePayloads.grayscale(png.toByteArray(), "image/png", 28, 28);

    assertThat(pixels).hasSize(28 * 28);
    assertThat(pixels[0]).isEqualTo(1f, within(1e-6f));
    assertThat(pixels[13 * 28 + 13]).isEqualTo(1f, within(1e-6f));
    assertThat(pixels[14 * 28 + 14]).isEqualTo(0f, within(1e-6f));
    assertThat(pixels[27 * 28 + 27]).isEqualTo(0f, within(1e-6f));
  }

  @Test
  void shouldKeepAnImageOfTheStudentsSizeAsItIs() throws Exception {
    BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setSample(5, 3, 0, 51);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);

    float[] pixels = ImagePayloads.grayscale(png.toByteArray(), "image/png", 28, 28);

    assertThat(pixels[3 * 28 + 5]).isEqualTo(0.2f, within(1e-6f));
    assertThat(pixels[0]).isZero();
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
        assertThat(PngDecoder.greyLevels(png, 28, 28)).as("decoded by the fast path").isNotNull();
        assertThat(ImagePayloads.grayscale(png, "image/png", 28, 28))
            .as("image type %d, trial %d", type, trial)
            .containsExactly(viaImageIo(png));
      }
    }
  }

  @Test
  void shouldLeaveOtherPngsToImageIo() throws Exception {
    BufferedImage binary = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_BINARY);
    binary.setRGB(3, 4, 0xffffffff);
    byte[] png = png(binary);

    assertThat(PngDecoder.greyLevels(png, 28, 28)).isNull();
    assertThat(ImagePayloads.grayscale(png, "image/png", 28, 28)).containsExactly(viaImageIo(png));
  }

  @Test
  void shouldRejectTruncatedPngs() throws Exception {
    byte[] png = png(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY));
    byte[] truncated = Arrays.copyOf(png, png.length / 2);

    assertThatThrownBy(() -> ImagePayloads.grayscale(truncated, "image/png", 28, 28))
        .isInstanceOf(SampleException.class);
  }

  private static float[] viaImageIo(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    float[] pixels = new float[28 * 28];
    boolean gray = image.getRaster().getNumBands() == 1;
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int rgb = image.getRGB(x, y);
        int value =
            gray
                ? image.getRaster().getSample(x, y, 0)
                : (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114)
                    / 1000;
        pixels[y * 28 + x] = value / 255f;
      }
    }
    return pixels;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
