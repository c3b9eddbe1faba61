package io.distillery.trainer.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an image payload (PNG or JPEG, or raw row-major bytes) into grayscale pixels in [0, 1]:
 * common PNGs by {@link PngDecoder}, the rest by ImageIO.
 */
public final class ImagePayloads {

  /** Raw row-major 8-bit pixels, as in an IDX file. */
  public static final String RAW_IDX = "application/x-idx-image";

  private ImagePayloads() {}

  /**
   * The pixels of a {@code rows x cols} image.
   *
   * @throws SampleException when the payload is not such an image
   */
  public static float[] grayscale(byte[] payload, String contentType, int rows, int cols)
      throws SampleException {
    if (RAW_IDX.equals(contentType)) {
      if (payload.length != rows * cols) {
        throw new SampleException(
            "bad-image-size",
            "raw image has " + payload.length + " bytes, expected " + rows * cols);
      }
      float[] pixels = new float[payload.length];
      for (int i = 0; i < payload.length; i++) {
        pixels[i] = (payload[i] & 0xff) / 255f;
      }
      return pixels;
    }
    if (PngDecoder.isPng(payload)) {
      int[] levels = PngDecoder.greyLevels(payload, rows, cols);
      if (levels != null) {
        float[] pixels = new float[levels.length];
        for (int i = 0; i < levels.length; i++) {
          pixels[i] = levels[i] / 255f;
        }
        return pixels;
      }
    }
    BufferedImage image;
    try {
      // In memory: ImageIO's default file cache writes every image to a temporary file first.
      // ImageIO.read closes the stream.
      image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(payload)));
    } catch (IOException e) {
      throw new SampleException(
          "undecodable-image", "cannot decode " + contentType + ": " + e.getMessage());
    }
    if (image == null) {
      throw new SampleException("undecodable-image", "not a readable image: " + contentType);
    }
    if (image.getWidth() != cols || image.getHeight() != rows) {
      throw new SampleException(
          "bad-image-size",
          "image is "
              + image.getWidth()
              + "x"
              + image.getHeight()
              + ", expected "
              + cols
              + "x"
              + rows);
    }
    float[] pixels = new float[rows * cols];
    var raster = image.getRaster();
    boolean gray = raster.getNumBands() == 1;
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        int value;
        if (gray) {
          value = raster.getSample(x, y, 0);
        } else {
          int rgb = image.getRGB(x, y);
          value =
              (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
        }
        pixels[y * cols + x] = value / 255f;
      }
    }
    return pixels;
  }
}
