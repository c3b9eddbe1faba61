package io.distillery.trainer.data;

import io.distillery.media.image.ImagePolicy;
import io.distillery.media.image.Images;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.label.TrainingTarget;
import java.util.List;

/**
 * Turns an accepted classification record into an {@link ImageSample}: the soft label is the
 * ENSEMBLE output when there is one, else the TEACHER's; the pseudo-label is its arg-max; the
 * filter's weight and soft-target-only flag carry over. The image is decoded and resized exactly as
 * the labeler did for the teacher: the student learns from the picture the teacher labelled.
 *
 * @param rows image height the student expects
 * @param cols image width
 * @param classes number of classes
 */
public record ImageSamples(int rows, int cols, int classes) {

  /** Fashion-MNIST: 28x28, 10 classes. */
  public static ImageSamples fashionMnist() {
    return new ImageSamples(28, 28, 10);
  }

  /**
   * The sample of {@code record} whose payload bytes are {@code payload}.
   *
   * @throws RefusedRecordException when the record has no usable soft label or image
   */
  public ImageSample toSample(ScoredRecord record, byte[] payload) throws RefusedRecordException {
    var raw = record.getLabeled().getRaw();
    float[] soft = softLabel(record.getLabeled().getOutputs());
    float[] pixels = pixels(raw, payload);
    double weight = record.getWeight();
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new RefusedRecordException(
          DeadLetterReason.BAD_WEIGHT,
          "sample weight " + weight + " is not a finite non-negative number");
    }
    return new ImageSample(
        raw.getId(), pixels, argMax(soft), soft, !record.getSoftTargetOnly(), (float) weight);
  }

  /**
   * The image of {@code raw}, whose payload bytes are {@code payload}, decoded and resized exactly
   * as the labeler did for the teacher: grey pixels in [0, 1], {@code rows x cols}, row-major.
   *
   * @throws RefusedRecordException when the payload is no image the media policy accepts
   */
  public float[] pixels(RawRecord raw, byte[] payload) throws RefusedRecordException {
    return Images.decode(
            payload, raw.getContentType(), raw.getWidth(), raw.getHeight(), ImagePolicy.DEFAULT)
        .resampled(rows, cols, 1);
  }

  private float[] softLabel(List<ModelOutput> outputs) throws RefusedRecordException {
    ModelOutput chosen =
        TrainingTarget.classification(outputs)
            .orElseThrow(
                () ->
                    new RefusedRecordException(
                        DeadLetterReason.MISSING_TEACHER_OUTPUT, "no TEACHER or ENSEMBLE output"));
    List<Float> probabilities = chosen.getProbabilities();
    if (probabilities.size() != classes) {
      throw new RefusedRecordException(
          DeadLetterReason.BAD_PROBABILITIES,
          chosen.getModelName()
              + " gave "
              + probabilities.size()
              + " probabilities, expected "
              + classes);
    }
    float[] soft = new float[classes];
    double sum = 0;
    for (int i = 0; i < classes; i++) {
      float p = probabilities.get(i);
      if (!(p >= 0) || Float.isInfinite(p)) {
        throw new RefusedRecordException(
            DeadLetterReason.BAD_PROBABILITIES, "probability " + p + " is not in [0, 1]");
      }
      soft[i] = p;
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-2) {
      throw new RefusedRecordException(
          DeadLetterReason.BAD_PROBABILITIES, "probabilities sum to " + sum + ", not 1");
    }
    return soft;
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
