package io.distillery.media.image;

/**
 * A decoded image: 8-bit levels, row-major, channels interleaved (1: grey, 3: red, green, blue).
 * Alpha is dropped, as ImageIO's {@code getRGB} drops it.
 *
 * @param width pixels per row
 * @param height rows
 * @param channels 1 or 3
 * @param levels {@code height * width * channels} unsigned bytes (not copied)
 */
public record Raster(int width, int height, int channels, byte[] levels) {

  /** The luma weights of ITU-R BT.601, the one grey formula of the pipeline. */
  private static final float RED = 0.299f;

  private static final float GREEN = 0.587f;
  private static final float BLUE = 0.114f;

  /** Validates at once. */
  public Raster {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if ((long) width * height * channels != levels.length) {
      throw new IllegalArgumentException(
          width + "x" + height + "x" + channels + " does not match " + levels.length + " levels");
    }
  }

  /**
   * The image at {@code rows x cols}, bilinearly resampled with pixel centres aligned, as values in
   * [0, 1] of {@code outChannels} channels (1: grey by BT.601 luma, {@code (0.299 r + 0.587 g +
   * 0.114 b) / 255} at the original size; 3: grey repeated or the colours), row-major, interleaved.
   * Grey conversion and resampling are both linear, so the order does not matter.
   */
  public float[] resampled(int rows, int cols, int outChannels) {
    if (outChannels != 1 && outChannels != 3) {
      throw new IllegalArgumentException("outChannels must be 1 or 3, got " + outChannels);
    }
    float[] out = new float[rows * cols * outChannels];
    float[] pixel = new float[3];
    for (int y = 0; y < rows; y++) {
      float fy = Math.max(0, (y + 0.5f) * height / rows - 0.5f);
      int y0 = Math.min((int) fy, height - 1);
      int y1 = Math.min(y0 + 1, height - 1);
      float dy = fy - y0;
      for (int x = 0; x < cols; x++) {
        float fx = Math.max(0, (x + 0.5f) * width / cols - 0.5f);
        int x0 = Math.min((int) fx, width - 1);
        int x1 = Math.min(x0 + 1, width - 1);
        float dx = fx - x0;
        for (int c = 0; c < channels; c++) {
          float top = level(y0, x0, c) * (1 - dx) + level(y0, x1, c) * dx;
          float bottom = level(y1, x0, c) * (1 - dx) + level(y1, x1, c) * dx;
          pixel[c] = (top * (1 - dy) + bottom * dy) / 255f;
        }
        int at = (y * cols + x) * outChannels;
        if (outChannels == 1) {
          out[at] = channels == 1 ? pixel[0] : RED * pixel[0] + GREEN * pixel[1] + BLUE * pixel[2];
        } else {
          for (int c = 0; c < 3; c++) {
            out[at + c] = channels == 1 ? pixel[0] : pixel[c];
          }
        }
      }
    }
    return out;
  }

  private float level(int y, int x, int c) {
    return levels[(y * width + x) * channels + c] & 0xFF;
  }
}
