package io.distillery.media.validation;

import java.nio.charset.StandardCharsets;

/**
 * Validates any payload by its bytes, not its file name: RIFF/WAVE audio against a {@link
 * WavPolicy}, PNG or JPEG images against an {@link ImagePolicy}. Anything else is refused.
 */
public final class PayloadInspector {

  private final WavPolicy wavPolicy;
  private final ImagePolicy imagePolicy;

  /** An inspector enforcing these policies. */
  public PayloadInspector(WavPolicy wavPolicy, ImagePolicy imagePolicy) {
    this.wavPolicy = wavPolicy;
    this.imagePolicy = imagePolicy;
  }

  /** 16 kHz mono 16-bit WAV and PNG/JPEG up to 4096 x 4096. */
  public static PayloadInspector defaults() {
    return new PayloadInspector(WavPolicy.SPEECH_16K, ImagePolicy.DEFAULT);
  }

  /**
   * What the payload is, if it is acceptable.
   *
   * @throws InvalidPayloadException with a code and a reason naming what is wrong
   */
  public Inspection inspect(byte[] payload) throws InvalidPayloadException {
    if (payload == null || payload.length == 0) {
      throw new InvalidPayloadException("empty", "the file is empty (0 bytes)");
    }
    if (payload.length >= 4
        && "RIFF".equals(new String(payload, 0, 4, StandardCharsets.ISO_8859_1))) {
      return WavInspector.inspect(payload, wavPolicy);
    }
    if (ImageInspector.isPng(payload) || ImageInspector.isJpeg(payload)) {
      return ImageInspector.inspect(payload, imagePolicy);
    }
    throw new InvalidPayloadException(
        "unsupported-content", "not a RIFF/WAVE, PNG or JPEG file (unrecognised leading bytes)");
  }
}
