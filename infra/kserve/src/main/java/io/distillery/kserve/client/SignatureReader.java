package io.distillery.kserve.client;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ImageFormat;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link ModelSignature} from a model's metadata and (when the server has the Triton
 * configuration extension) its config. The config's {@code max_batch_size} and {@code dims} win;
 * without a config, a leading {@code -1} in every metadata shape is taken as the batch dimension.
 */
public final class SignatureReader {

  private SignatureReader() {}

  /**
   * The signature.
   *
   * @param metadata the model metadata
   * @param config the model config, if the server offers it
   * @param assumedMaxBatch max batch size to assume when there is no config but shapes batch
   */
  public static ModelSignature read(
      ModelMetadataResponse metadata, Optional<ModelConfig> config, int assumedMaxBatch) {
    String version =
        metadata.getVersionsList().stream()
            .max(Comparator.comparingLong(SignatureReader::numeric))
            .orElse("");
    if (config.isPresent() && config.get().getInputCount() > 0) {
      return fromConfig(config.get(), metadata.getName(), version);
    }
    boolean batching =
        metadata.getInputsList().stream()
            .allMatch(t -> t.getShapeCount() > 0 && t.getShape(0) == -1);
    return new ModelSignature(
        metadata.getName(),
        version,
        batching ? assumedMaxBatch : 0,
        specs(metadata.getInputsList(), batching),
        specs(metadata.getOutputsList(), batching),
        metadata.getPlatform(),
        false,
        java.util.Map.of());
  }

  private static List<TensorSpec> specs(
      List<ModelMetadataResponse.TensorMetadata> tensors, boolean batching) {
    return tensors.stream()
        .map(
            t ->
                spec(
                    t.getName(),
                    DataType.fromWire(t.getDatatype()),
                    dims(t.getShapeList(), batching)))
        .toList();
  }

  /**
   * The signature a config declares, as an offline tool reads a {@code config.pbtxt}: the name from
   * the config, no version.
   */
  public static ModelSignature fromConfig(ModelConfig config) {
    return fromConfig(config, config.getName(), "");
  }

  private static ModelSignature fromConfig(ModelConfig c, String name, String version) {
    List<TensorSpec> inputs =
        c.getInputList().stream()
            .map(
                i ->
                    new TensorSpec(
                        i.getName(),
                        DataType.fromConfig(i.getDataType()),
                        shape(i.getDimsList()),
                        switch (i.getFormat()) {
                          case FORMAT_NCHW -> ImageFormat.NCHW;
                          case FORMAT_NHWC -> ImageFormat.NHWC;
                          default -> ImageFormat.NONE;
                        },
                        i.getOptional(),
                        i.getAllowRaggedBatch(),
                        false))
            .toList();
    List<TensorSpec> outputs =
        c.getOutputList().stream()
            .map(
                o ->
                    new TensorSpec(
                        o.getName(),
                        DataType.fromConfig(o.getDataType()),
                        shape(o.getDimsList()),
                        ImageFormat.NONE,
                        false,
                        false,
                        !o.getLabelFilename().isEmpty()))
            .toList();
    String platform = c.getPlatform().isEmpty() ? c.getBackend() : c.getPlatform();
    return new ModelSignature(
        name,
        version,
        c.getMaxBatchSize(),
        inputs,
        outputs,
        platform,
        c.getModelTransactionPolicy().getDecoupled(),
        stringParameters(c));
  }

  private static java.util.Map<String, String> stringParameters(ModelConfig c) {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    c.getParametersMap().forEach((key, value) -> out.put(key, value.getStringValue()));
    return out;
  }

  private static Shape shape(List<Long> dims) {
    return Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
  }

  private static List<Long> dims(List<Long> shape, boolean batching) {
    return batching && !shape.isEmpty() ? shape.subList(1, shape.size()) : shape;
  }

  private static TensorSpec spec(String name, DataType type, List<Long> dims) {
    return new TensorSpec(name, type, shape(dims));
  }

  private static long numeric(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
