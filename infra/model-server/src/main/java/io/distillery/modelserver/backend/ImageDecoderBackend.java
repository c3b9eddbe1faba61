package io.distillery.modelserver.backend;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.media.image.ChannelValues;
import io.distillery.media.image.ImagePolicy;
import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes encoded images (PNG or JPEG) into pixels, the development server's counterpart of the
 * python or DALI preprocessing step that Triton image ensembles put before a classifier. Input: the
 * file as a UINT8 {@code [-1]} vector or one BYTES element per row. Output: FP32 at the output's
 * dims, {@code [C,H,W]} or {@code [H,W,C]} with 1 or 3 channels (grey by BT.601 luma), values in
 * 0..1, or {@code (v - mean[c]) / std[c]} with the parameters {@code mean} and {@code std}
 * ("R/G/B", or one value).
 */
final class ImageDecoderBackend implements ModelBackend {

  private final ModelConfig config;
  private final int height;
  private final int width;
  private final int channels;
  private final boolean channelsFirst;
  private final float[] mean;
  private final float[] std;

  ImageDecoderBackend(ModelConfig config) {
    if (config.getInputCount() != 1 || config.getOutputCount() != 1) {
      throw new IllegalArgumentException(
          config.getName() + ": an image decoder takes one encoded image and gives one tensor");
    }
    List<Long> dims = config.getOutput(0).getDimsList();
    if (dims.size() != 3 || !(channels(dims.get(0)) || channels(dims.get(2)))) {
      throw new IllegalArgumentException(
          config.getName() + ": decoded images are [C,H,W] or [H,W,C] with 1 or 3 channels");
    }
    this.config = config;
    this.channelsFirst = channels(dims.get(0));
    this.channels = (int) (long) (channelsFirst ? dims.get(0) : dims.get(2));
    this.height = (int) (long) (channelsFirst ? dims.get(1) : dims.get(0));
    this.width = (int) (long) (channelsFirst ? dims.get(2) : dims.get(1));
    this.mean = ChannelValues.parse(Backends.parameter(config, "mean", "0"));
    this.std = ChannelValues.parse(Backends.parameter(config, "std", "1"));
  }

  @Override
  public void check(List<Tensor> inputs) {
    files(inputs.get(0)).forEach(this::decode);
  }

  @Override
  public List<List<Tensor>> execute(List<List<Tensor>> requests) {
    List<List<Tensor>> results = new ArrayList<>();
    boolean batched = config.getMaxBatchSize() > 0;
    for (List<Tensor> request : requests) {
      List<byte[]> files = files(request.get(0));
      float[] values = new float[files.size() * height * width * channels];
      int at = 0;
      for (byte[] file : files) {
        float[] pixels = decode(file).resampled(height, width, channels);
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
          for (int c = 0; c < channels; c++) {
            float v =
                (pixels[p * channels + c] - ChannelValues.at(mean, c)) / ChannelValues.at(std, c);
            values[at + (channelsFirst ? c * plane + p : p * channels + c)] = v;
          }
        }
        at += plane * channels;
      }
      Shape item =
          channelsFirst ? Shape.of(channels, height, width) : Shape.of(height, width, channels);
      Shape shape = batched ? item.withBatch(files.size()) : item;
      results.add(
          List.of(Tensor.ofFloats(config.getOutput(0).getName(), DataType.FP32, shape, values)));
    }
    return results;
  }

  /** One encoded file per row. */
  private List<byte[]> files(Tensor input) {
    if (input.type() == DataType.BYTES) {
      return input.byteElements();
    }
    if (input.type() != DataType.UINT8) {
      throw ServingException.invalid("an encoded image is UINT8 or BYTES, got " + input.type());
    }
    int rows = config.getMaxBatchSize() > 0 ? input.batchSize() : 1;
    int per = input.raw().length / Math.max(1, rows);
    List<byte[]> out = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      out.add(java.util.Arrays.copyOfRange(input.raw(), r * per, (r + 1) * per));
    }
    return out;
  }

  private Raster decode(byte[] file) {
    try {
      return Images.decode(file, null, null, null, ImagePolicy.DEFAULT);
    } catch (RefusedRecordException e) {
      throw ServingException.invalid("image refused: " + e.describe());
    }
  }

  private static boolean channels(long c) {
    return c == 1 || c == 3;
  }

  @Override
  public void close() {}
}
