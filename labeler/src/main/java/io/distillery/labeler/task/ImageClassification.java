package io.distillery.labeler.task;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.labeler.binding.Binding;
import io.distillery.labeler.binding.Constants;
import io.distillery.labeler.binding.ImageLayout;
import io.distillery.labeler.binding.PixelScaling;
import io.distillery.labeler.binding.Role;
import io.distillery.labeler.binding.TensorRole;
import io.distillery.media.image.ImagePolicy;
import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Image classification through a binding. {@code pixels}: a PNG, JPEG or raw IDX image resized to
 * the model's size and laid out NCHW or NHWC, grey or colour as the model's channels say (grey by
 * BT.601 luma), as normalised floats or UINT8 levels. {@code encoded-image}: the file itself,
 * checked first (a raw IDX image is sent as PNG). Scores become class probabilities: {@code
 * probabilities} as they are (they must form a distribution), {@code logits} through softmax,
 * {@code scores} kept when they already form one and otherwise through softmax, and Triton's
 * classification strings ({@code "score:index[:label]"}) per class index as logits unless they
 * already form a distribution.
 */
public final class ImageClassification implements TaskAdapter {

  @Override
  public List<Tensor> inputs(RawRecord record, byte[] payload, Binding model)
      throws RefusedRecordException {
    Raster image =
        Images.decode(
            payload,
            record.getContentType(),
            record.getWidth(),
            record.getHeight(),
            ImagePolicy.DEFAULT);
    List<Tensor> out = new ArrayList<>();
    for (Map.Entry<String, TensorRole> e : model.inputs().entrySet()) {
      TensorSpec spec = model.signature().input(e.getKey()).orElseThrow();
      out.add(
          switch (e.getValue().role()) {
            case PIXELS -> pixels(spec, image, model);
            case ENCODED_IMAGE -> encoded(spec, record, payload, image);
            case CONSTANT -> Constants.tensor(spec, e.getValue().argument());
            default -> throw new IllegalStateException("No image input role " + e.getValue());
          });
    }
    return out;
  }

  private static Tensor pixels(TensorSpec spec, Raster image, Binding model) {
    ImageLayout layout = model.layout().orElseThrow();
    float[] values = image.resampled(layout.height(), layout.width(), layout.channels());
    if (spec.type() == DataType.UINT8) {
      float[] arranged = layout.arrange(values, PixelScaling.LEVELS);
      long[] levels = new long[arranged.length];
      for (int i = 0; i < arranged.length; i++) {
        levels[i] = Math.round(arranged[i]);
      }
      return Tensor.ofLongs(spec.name(), DataType.UINT8, layout.shape(), levels);
    }
    return Tensor.ofFloats(
        spec.name(),
        spec.type(),
        layout.shape(),
        layout.arrange(values, model.scaling().orElse(PixelScaling.UNIT)));
  }

  private static Tensor encoded(TensorSpec spec, RawRecord record, byte[] payload, Raster image) {
    byte[] file = Images.IDX.equals(record.getContentType()) ? Images.png(image) : payload;
    if (spec.type() == DataType.BYTES) {
      return Tensor.ofBytes(spec.name(), Constants.itemShape(spec), List.of(file));
    }
    return new Tensor(spec.name(), DataType.UINT8, Shape.of(file.length), file);
  }

  @Override
  public ModelOutput output(
      Map<String, Tensor> outputs, Binding model, String version, ModelRole role) {
    TensorSpec spec =
        model.outputs().keySet().stream()
            .map(n -> model.signature().output(n).orElseThrow())
            .findFirst()
            .orElseThrow();
    Role kind = model.outputs().get(spec.name()).role();
    Tensor scores = outputs.get(spec.name());
    if (scores == null) {
      throw new TensorException(
          "missing-output", "Model " + model.model() + " sent no " + spec.name());
    }
    int classes = Math.toIntExact(spec.dims().elementCount());
    float[] probabilities =
        switch (kind) {
          case CLASSIFICATION -> Probabilities.fromScores(classification(scores, classes));
          case PROBABILITIES -> Probabilities.distribution(vector(scores, spec, model));
          case LOGITS -> Probabilities.softmax(vector(scores, spec, model));
          default -> Probabilities.fromScores(vector(scores, spec, model));
        };
    return ModelOutput.newBuilder()
        .setModelName(model.model())
        .setModelVersion(version)
        .setRole(role)
        .setProbabilities(Probabilities.boxed(probabilities))
        .build();
  }

  private static float[] vector(Tensor scores, TensorSpec spec, Binding model) {
    if (!scores.shape().matches(spec.dims())) {
      throw new TensorException(
          "wrong-shape",
          "Output "
              + spec.name()
              + " of "
              + model.model()
              + " has item shape "
              + scores.shape()
              + ", the model declares "
              + spec.dims());
    }
    return scores.floats();
  }

  /** Scores by class index from Triton's classification strings {@code score:index[:label]}. */
  private static float[] classification(Tensor strings, int classes) {
    if (strings.type() != DataType.BYTES) {
      throw new TensorException(
          "malformed-output",
          "Classification output " + strings.name() + " is " + strings.type() + ", not BYTES");
    }
    float[] scores = new float[classes];
    boolean[] seen = new boolean[classes];
    for (byte[] element : strings.byteElements()) {
      String text = new String(element, StandardCharsets.UTF_8);
      String[] parts = text.split(":", 3);
      try {
        int index = Integer.parseInt(parts[1]);
        if (index < 0 || index >= classes || seen[index]) {
          throw new TensorException(
              "malformed-output", "Class " + index + " out of " + classes + " in '" + text + "'");
        }
        scores[index] = Float.parseFloat(parts[0]);
        seen[index] = true;
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new TensorException(
            "malformed-output", "Classification result '" + text + "' is not score:index[:label]");
      }
    }
    for (int i = 0; i < classes; i++) {
      if (!seen[i]) {
        throw new TensorException(
            "wrong-shape", "Classification result lacks class " + i + " of " + classes);
      }
    }
    return scores;
  }
}
