package io.distillery.labeler.task;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.media.image.ImagePolicy;
import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.util.List;
import java.util.Map;

/**
 * Image classification: a PNG, JPEG or raw IDX (one byte per pixel) image becomes the model's
 * grayscale input ({@code [1,H,W]}, {@code [H,W]}, {@code [H,W,1]} or flat {@code [H*W]}; three
 * channels get the gray value thrice), floats scaled to 0..1 or UINT8 0..255, resized to the
 * model's size when it differs. The first output's scores become class probabilities: kept as they
 * are when they already form a distribution, else passed through softmax.
 */
public final class ImageClassification implements TaskAdapter {

  @Override
  public List<Tensor> inputs(RawRecord record, byte[] payload, ModelSignature model)
      throws RefusedRecordException {
    TensorSpec spec = model.inputs().get(0);
    Layout layout = Layout.of(spec.dims());
    Raster image =
        Images.decode(
            payload,
            record.getContentType(),
            record.getWidth(),
            record.getHeight(),
            ImagePolicy.DEFAULT);
    float[] values = layout.fill(image.resampled(layout.height(), layout.width(), 1));
    Shape shape = layout.shape();
    if (spec.type() == DataType.UINT8) {
      long[] bytes = new long[values.length];
      for (int i = 0; i < values.length; i++) {
        bytes[i] = Math.round(values[i] * 255f);
      }
      return List.of(Tensor.ofLongs(spec.name(), DataType.UINT8, shape, bytes));
    }
    if (!spec.type().floating()) {
      throw new RefusedRecordException(
          DeadLetterReason.UNSUPPORTED_MODEL_INPUT,
          "Image input " + spec.name() + " is " + spec.type());
    }
    return List.of(Tensor.ofFloats(spec.name(), spec.type(), shape, values));
  }

  @Override
  public ModelOutput output(
      Map<String, Tensor> outputs, ModelSignature model, String version, ModelRole role) {
    TensorSpec spec = model.outputs().get(0);
    Tensor scores = outputs.get(spec.name());
    if (scores == null) {
      throw new TensorException(
          "missing-output", "Model " + model.name() + " sent no " + spec.name());
    }
    if (!scores.shape().matches(spec.dims())) {
      throw new TensorException(
          "wrong-shape",
          "Output "
              + spec.name()
              + " of "
              + model.name()
              + " has item shape "
              + scores.shape()
              + ", the model declares "
              + spec.dims());
    }
    float[] probabilities = Probabilities.fromScores(scores.floats());
    return ModelOutput.newBuilder()
        .setModelName(model.name())
        .setModelVersion(version)
        .setRole(role)
        .setProbabilities(Probabilities.boxed(probabilities))
        .build();
  }

  /** Where height, width and channels sit in the model's item dims. */
  private record Layout(Shape shape, int height, int width, int channels, boolean channelsFirst) {

    static Layout of(Shape dims) throws RefusedRecordException {
      long[] d = dims.dims();
      if (!dims.concrete()) {
        throw new RefusedRecordException(
            DeadLetterReason.UNSUPPORTED_MODEL_INPUT, "Image input dims " + dims + " vary");
      }
      if (d.length == 3 && (d[0] == 1 || d[0] == 3)) {
        return new Layout(dims, (int) d[1], (int) d[2], (int) d[0], true);
      }
      if (d.length == 3 && (d[2] == 1 || d[2] == 3)) {
        return new Layout(dims, (int) d[0], (int) d[1], (int) d[2], false);
      }
      if (d.length == 2) {
        return new Layout(dims, (int) d[0], (int) d[1], 1, true);
      }
      if (d.length == 1) {
        int side = (int) Math.round(Math.sqrt(d[0]));
        if ((long) side * side == d[0]) {
          return new Layout(dims, side, side, 1, true);
        }
      }
      throw new RefusedRecordException(
          DeadLetterReason.UNSUPPORTED_MODEL_INPUT, "Cannot lay an image out as " + dims);
    }

    /** Grey values of {@code height x width}, row-major, laid out in the model's channels. */
    float[] fill(float[] grey) {
      float[] out = new float[height * width * channels];
      int pixels = height * width;
      for (int p = 0; p < pixels; p++) {
        for (int c = 0; c < channels; c++) {
          out[channelsFirst ? c * pixels + p : p * channels + c] = grey[p];
        }
      }
      return out;
    }
  }
}
