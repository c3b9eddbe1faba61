package io.distillery.media.image;

/**
 * Which images the pipeline accepts: PNG or JPEG, decodable, within these dimensions.
 *
 * @param maxWidth widest accepted image in pixels
 * @param maxHeight tallest accepted image in pixels
 */
public record ImagePolicy(int maxWidth, int maxHeight) {

  /** Up to 4096 x 4096 pixels. */
  public static final ImagePolicy DEFAULT = new ImagePolicy(4096, 4096);

  /** Validates at once. */
  public ImagePolicy {
    if (maxWidth < 1 || maxHeight < 1) {
      throw new IllegalArgumentException(
          "image limits must be >= 1: " + maxWidth + "x" + maxHeight);
    }
  }
}
