package io.distillery.trainer.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an image payload (PNG or JPEG, or raw row-major bytes) into grayscale pixels in [0, 1]:
 * common PNGs of the student's size by {@link PngDecoder}, the rest by ImageIO, resizing a PNG or
 * JPEG of another size to the student's.
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
    int width = image.getWidth();
    int height = image.getHeight();
    float[] pixels = new float[width * height];
    var raster = image.getRaster();
    boolean gray = raster.getNumBands() == 1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int value;
        if (gray) {
          value = raster.getSample(x, y, 0);
        } else {
          int rgb = image.getRGB(x, y);
          value =
              (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
        }
        pixels[y * width + x] = value / 255f;
      }
    }
    return width == cols && height == rows ? pixels : resize(pixels, height, width, rows, cols);
  }

  /**
   * Bilinear resize with pixel centres aligned, as the labeler resizes an image for the teacher:
   * the student learns from the picture the teacher labelled.
   */
  static float[] resize(float[] src, int srcRows, int srcCols, int rows, int cols) {
    float[] out = new float[rows * cols];
    for (int y = 0; y < rows; y++) {
      float fy = Math.max(0, (y + 0.5f) * srcRows / rows - 0.5f);
      int y0 = Math.min((int) fy, srcRows - 1);
      int y1 = Math.min(y0 + 1, srcRows - 1);
      float dy = fy - y0;
      for (int x = 0; x < cols; x++) {
        float fx = Math.max(0, (x + 0.5f) * srcCols / cols - 0.5f);
        int x0 = Math.min((int) fx, srcCols - 1);
        int x1 = Math.min(x0 + 1, srcCols - 1);
        float dx = fx - x0;
        float top = src[y0 * srcCols + x0] * (1 - dx) + src[y0 * srcCols + x1] * dx;
        float bottom = src[y1 * srcCols + x0] * (1 - dx) + src[y1 * srcCols + x1] * dx;
        out[y * cols + x] = top * (1 - dy) + bottom * dy;
      }
    }
    return out;
  }
}
