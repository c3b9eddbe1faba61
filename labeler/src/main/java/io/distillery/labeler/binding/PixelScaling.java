package io.distillery.labeler.binding;

import io.distillery.media.image.ChannelValues;
import java.util.Arrays;

/**
 * How pixel values in 0..1 become a model's input values: {@code (v * scale - mean[c]) / std[c]}.
 * Named presets: {@code unit} (0..1, the default for grey models), {@code imagenet} (mean 0.485,
 * 0.456, 0.406 and std 0.229, 0.224, 0.225, the default for colour models, as torchvision's
 * ImageNet classifiers expect), {@code inception} (-1..1, {@code x / 127.5 - 1}) and {@code levels}
 * (0..255). Otherwise {@code mean=R/G/B,std=R/G/B[,scale=S]}, one value or one per channel.
 *
 * @param name the preset or the text it was parsed from
 * @param mean per channel (one value applies to all)
 * @param std per channel (one value applies to all)
 * @param scale multiplies the 0..1 value first
 */
public record PixelScaling(String name, float[] mean, float[] std, float scale) {

  /** Values in 0..1 as decoded. */
  public static final PixelScaling UNIT =
      new PixelScaling("unit", new float[] {0}, new float[] {1}, 1);

  /** ImageNet mean and standard deviation. */
  public static final PixelScaling IMAGENET =
      new PixelScaling(
          "imagenet",
          new float[] {0.485f, 0.456f, 0.406f},
          new float[] {0.229f, 0.224f, 0.225f},
          1);

  /** -1..1, as Inception and Triton's image client's INCEPTION scaling. */
  public static final PixelScaling INCEPTION =
      new PixelScaling("inception", new float[] {1}, new float[] {1}, 2);

  /** 0..255. */
  public static final PixelScaling LEVELS =
      new PixelScaling("levels", new float[] {0}, new float[] {1}, 255);

  /**
   * The scaling {@code text} names.
   *
   * @throws IllegalArgumentException for a malformed text or a zero standard deviation
   */
  public static PixelScaling parse(String text) {
    switch (text) {
      case "unit":
        return UNIT;
      case "imagenet":
        return IMAGENET;
      case "inception":
        return INCEPTION;
      case "levels":
        return LEVELS;
      default:
        break;
    }
    float[] mean = {0};
    float[] std = {1};
    float scale = 1;
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "Pixel scaling '"
                + text
                + "' is not unit, imagenet, inception, levels or mean=R/G/B,std=R/G/B,scale=S");
      }
      switch (kv[0].trim()) {
        case "mean" -> mean = ChannelValues.parse(kv[1]);
        case "std" -> std = ChannelValues.parse(kv[1]);
        case "scale" -> scale = Float.parseFloat(kv[1].trim());
        default -> throw new IllegalArgumentException("Unknown pixel scaling key '" + kv[0] + "'");
      }
    }
    for (float s : std) {
      if (s == 0) {
        throw new IllegalArgumentException("A standard deviation of 0 in '" + text + "'");
      }
    }
    return new PixelScaling(text, mean, std, scale);
  }

  /** The model value of {@code v} (0..1) in channel {@code c}. */
  public float apply(float v, int c) {
    return (v * scale - ChannelValues.at(mean, c)) / ChannelValues.at(std, c);
  }

  /** Checks the per-channel values fit {@code channels}. */
  void check(int channels, String model, String tensor) {
    if ((mean.length != 1 && mean.length != channels)
        || (std.length != 1 && std.length != channels)) {
      throw new BindingException(
          model,
          "pixel scaling '"
              + name
              + "' of "
              + tensor
              + " gives "
              + mean.length
              + " means and "
              + std.length
              + " deviations for "
              + channels
              + " channels");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PixelScaling p
        && p.scale == scale
        && Arrays.equals(p.mean, mean)
        && Arrays.equals(p.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std) + Float.hashCode(scale);
  }

  @Override
  public String toString() {
    return name;
  }
}
