package io.distillery.labeler.binding;

import io.distillery.kserve.tensor.ImageFormat;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.TensorSpec;
import java.util.Optional;

/**
 * Where height, width and channels sit in an image input's item dims: from the config's {@code
 * format} when it declares one, else from the dims ({@code [C,H,W]} or {@code [H,W,C]} with 1 or 3
 * channels, {@code [H,W]}, or a flat square {@code [H*W]}).
 *
 * @param shape the item shape to send
 * @param height rows
 * @param width columns
 * @param channels 1 or 3
 * @param channelsFirst NCHW rather than NHWC
 */
public record ImageLayout(Shape shape, int height, int width, int channels, boolean channelsFirst) {

  /** The layout of {@code spec}, or empty when its dims cannot hold one image. */
  public static Optional<ImageLayout> of(TensorSpec spec) {
    Shape dims = spec.dims();
    long[] d = dims.dims();
    if (!dims.concrete()) {
      return Optional.empty();
    }
    if (d.length == 3 && spec.format() == ImageFormat.NCHW && channels(d[0])) {
      return Optional.of(new ImageLayout(dims, (int) d[1], (int) d[2], (int) d[0], true));
    }
    if (d.length == 3 && spec.format() == ImageFormat.NHWC && channels(d[2])) {
      return Optional.of(new ImageLayout(dims, (int) d[0], (int) d[1], (int) d[2], false));
    }
    if (spec.format() != ImageFormat.NONE) {
      return Optional.empty();
    }
    if (d.length == 3 && channels(d[0])) {
      return Optional.of(new ImageLayout(dims, (int) d[1], (int) d[2], (int) d[0], true));
    }
    if (d.length == 3 && channels(d[2])) {
      return Optional.of(new ImageLayout(dims, (int) d[0], (int) d[1], (int) d[2], false));
    }
    if (d.length == 2) {
      return Optional.of(new ImageLayout(dims, (int) d[0], (int) d[1], 1, true));
    }
    if (d.length == 1) {
      int side = (int) Math.round(Math.sqrt(d[0]));
      if ((long) side * side == d[0] && side > 1) {
        return Optional.of(new ImageLayout(dims, side, side, 1, true));
      }
    }
    return Optional.empty();
  }

  private static boolean channels(long c) {
    return c == 1 || c == 3;
  }

  /**
   * Interleaved values ({@code height x width x channels}, row-major) in this layout, each passed
   * through {@code scaling}.
   */
  public float[] arrange(float[] interleaved, PixelScaling scaling) {
    float[] out = new float[height * width * channels];
    int pixels = height * width;
    for (int p = 0; p < pixels; p++) {
      for (int c = 0; c < channels; c++) {
        float v = scaling.apply(interleaved[p * channels + c], c);
        out[channelsFirst ? c * pixels + p : p * channels + c] = v;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return (channelsFirst ? "NCHW " : "NHWC ") + channels + "x" + height + "x" + width;
  }
}
