package io.distillery.kserve.tensor;

/** The layout of an image input, as a Triton model config's {@code format} field names it. */
public enum ImageFormat {
  /** No layout declared: the dims decide. */
  NONE,
  /** Height, width, channels. */
  NHWC,
  /** Channels, height, width. */
  NCHW
}
