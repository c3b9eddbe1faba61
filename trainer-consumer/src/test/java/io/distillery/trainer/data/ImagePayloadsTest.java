package io.distillery.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePayloadsTest {

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
}
