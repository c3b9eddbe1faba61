package io.distillery.labeler.task;

import io.distillery.schemas.avro.RawRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Decodes PNG, JPEG and raw IDX images to grayscale 0..1 and resizes them (bilinear). */
final class GrayImages {

  /** Content type of a raw IDX image: one unsigned byte per pixel, row-major. */
  static final String IDX = "application/x-idx-image";

  private GrayImages() {}

  static float[][] decode(RawRecord record, byte[] payload) throws PayloadException {
    String type = record.getContentType();
    if (IDX.equals(type)) {
      return idx(record, payload);
    }
    BufferedImage image;
    try {
      // ImageIO.read(InputStream) caches every stream in a temporary file (its default), about
      // 30 times slower than decoding from memory; read() closes this stream unless it yields null
      image = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(payload)));
    } catch (IOException | RuntimeException e) {
      throw new PayloadException(
          "undecodable-payload", "Cannot decode " + type + " image: " + e.getMessage());
    }
    if (image == null) {
      throw new PayloadException(
          "undecodable-payload", "Payload of " + payload.length + " bytes is no PNG or JPEG image");
    }
    float[][] gray = new float[image.getHeight()][image.getWidth()];
    boolean singleBand = image.getRaster().getNumBands() == 1;
    for (int y = 0; y < gray.length; y++) {
      for (int x = 0; x < gray[y].length; x++) {
        if (singleBand) {
          gray[y][x] = image.getRaster().getSample(x, y, 0) / 255f;
        } else {
          int rgb = image.getRGB(x, y);
          int r = (rgb >> 16) & 0xFF;
          int g = (rgb >> 8) & 0xFF;
          int b = rgb & 0xFF;
          gray[y][x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
        }
      }
    }
    return gray;
  }

  private static float[][] idx(RawRecord record, byte[] payload) throws PayloadException {
    Integer w = record.getWidth();
    Integer h = record.getHeight();
    if (w == null || h == null || w < 1 || h < 1 || (long) w * h != payload.length) {
      throw new PayloadException(
          "undecodable-payload",
          "IDX image of " + payload.length + " bytes does not match width " + w + " x height " + h);
    }
    float[][] gray = new float[h][w];
    for (int i = 0; i < payload.length; i++) {
      gray[i / w][i % w] = (payload[i] & 0xFF) / 255f;
    }
    return gray;
  }

  static float[][] resize(float[][] src, int height, int width) {
    int sh = src.length;
    int sw = src[0].length;
    if (sh == height && sw == width) {
      return src;
    }
    float[][] out = new float[height][width];
    for (int y = 0; y < height; y++) {
      float fy = Math.max(0, (y + 0.5f) * sh / height - 0.5f);
      int y0 = Math.min((int) fy, sh - 1);
      int y1 = Math.min(y0 + 1, sh - 1);
      float dy = fy - y0;
      for (int x = 0; x < width; x++) {
        float fx = Math.max(0, (x + 0.5f) * sw / width - 0.5f);
        int x0 = Math.min((int) fx, sw - 1);
        int x1 = Math.min(x0 + 1, sw - 1);
        float dx = fx - x0;
        float top = src[y0][x0] * (1 - dx) + src[y0][x1] * dx;
        float bottom = src[y1][x0] * (1 - dx) + src[y1][x1] * dx;
        out[y][x] = top * (1 - dy) + bottom * dy;
      }
    }
    return out;
  }
}
