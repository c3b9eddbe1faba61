package io.distillery.media;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavFile;
import io.distillery.media.audio.WavPolicy;
import io.distillery.media.image.ImagePolicy;
import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.charset.StandardCharsets;

/**
 * Validates any payload by its bytes, not its file name, exactly as the stages after the producer
 * will read it: RIFF/WAVE audio against a {@link WavPolicy}, PNG or JPEG images decoded under an
 * {@link ImagePolicy}. Anything else is refused.
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
   * @throws RefusedRecordException with the catalogue reason and a message naming what is wrong
   */
  public Inspection inspect(byte[] payload) throws RefusedRecordException {
    if (payload == null || payload.length == 0) {
      throw new RefusedRecordException(
          DeadLetterReason.EMPTY_PAYLOAD, "the file is empty (0 bytes)");
    }
    if (payload.length >= 4
        && "RIFF".equals(new String(payload, 0, 4, StandardCharsets.ISO_8859_1))) {
      WavFile wav = Wav.read(payload, wavPolicy);
      return Inspection.audio(wav.sampleRate(), wav.seconds());
    }
    if (Images.isImage(payload)) {
      String type = Images.contentType(payload);
      Raster image = Images.decode(payload, type, null, null, imagePolicy);
      return Inspection.image(type, image.width(), image.height());
    }
    throw new RefusedRecordException(
        DeadLetterReason.UNSUPPORTED_CONTENT,
        "not a RIFF/WAVE, PNG or JPEG file (unrecognised leading bytes)");
  }
}
