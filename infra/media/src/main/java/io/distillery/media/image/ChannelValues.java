package io.distillery.media.image;

/** Per-channel numbers written {@code R/G/B} (or one value for every channel), as in mean/std. */
public final class ChannelValues {

  private ChannelValues() {}

  /**
   * The values of {@code text}, e.g. {@code 0.485/0.456/0.406}.
   *
   * @throws NumberFormatException when a value is not a number
   */
  public static float[] parse(String text) {
    String[] parts = text.split("/");
    float[] out = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Float.parseFloat(parts[i].trim());
    }
    return out;
  }

  /** The value for channel {@code c}: its own, or the single value shared by all. */
  public static float at(float[] values, int c) {
    return values[values.length == 1 ? 0 : c];
  }
}
