package io.distillery.modelserver.grpc;

import io.distillery.kserve.tensor.DataType;
import io.distillery.modelserver.repository.LoadedModel;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.ModelMetadataResponse.TensorMetadata;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.List;

/** Builds the protocol's model metadata from a loaded model's configuration. */
final class ModelMetadata {

  private ModelMetadata() {}

  static ModelMetadataResponse describe(LoadedModel model) {
    ModelConfig config = model.config();
    ModelMetadataResponse.Builder out =
        ModelMetadataResponse.newBuilder()
            .setName(config.getName())
            .setPlatform(
                config.getPlatform().isEmpty() ? config.getBackend() : config.getPlatform());
    model.versions().keySet().forEach(v -> out.addVersions(v.toString()));
    boolean batched = config.getMaxBatchSize() > 0;
    config
        .getInputList()
        .forEach(
            in -> out.addInputs(tensor(in.getName(), in.getDataType(), in.getDimsList(), batched)));
    config
        .getOutputList()
        .forEach(
            o -> out.addOutputs(tensor(o.getName(), o.getDataType(), o.getDimsList(), batched)));
    return out.build();
  }

  private static TensorMetadata tensor(
      String name,
      io.distillery.schemas.kserve.config.DataType type,
      List<Long> dims,
      boolean batched) {
    TensorMetadata.Builder t =
        TensorMetadata.newBuilder().setName(name).setDatatype(DataType.fromConfig(type).wireName());
    if (batched) {
      t.addShape(-1);
    }
    return t.addAllShape(dims).build();
  }
}
