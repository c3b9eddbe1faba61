package io.distillery.kserve.config;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import com.google.protobuf.util.JsonFormat;
import io.distillery.schemas.kserve.config.DataType;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInput;
import io.distillery.schemas.kserve.config.ModelInstanceGroup;
import io.distillery.schemas.kserve.config.ModelOutput;
import io.distillery.schemas.kserve.config.ModelParameter;
import io.distillery.schemas.kserve.config.ModelVersionPolicy;
import java.util.List;

/**
 * Reads and writes a model's {@code config.pbtxt}, the protobuf text format of {@link ModelConfig},
 * as Triton does: every configuration the product reads or writes goes through here.
 */
public final class ModelConfigs {

  /** The configuration's file name in a model's folder. */
  public static final String FILE_NAME = "config.pbtxt";

  // Triton's configurations carry fields this subset of the proto does not declare: skip them.
  private static final TextFormat.Parser PARSER =
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build();

  private ModelConfigs() {}

  /**
   * The configuration in {@code text}; fields the proto does not know are skipped.
   *
   * @throws IllegalArgumentException with the parser's line and column when the text is malformed
   */
  public static ModelConfig parse(String text) {
    ModelConfig.Builder builder = ModelConfig.newBuilder();
    try {
      PARSER.merge(text, builder);
    } catch (TextFormat.ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return builder.build();
  }

  /** The configuration as config.pbtxt text; map entries (parameters) come sorted by key. */
  public static String print(ModelConfig config) {
    return TextFormat.printer().printToString(config);
  }

  /**
   * The configuration as JSON, as Triton's load API takes it in the {@code config} parameter
   * (protobuf JSON with the proto's own field names, e.g. {@code max_batch_size}).
   */
  public static String toJson(ModelConfig config) {
    try {
      return JsonFormat.printer().preservingProtoFieldNames().print(config);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The configuration in {@code json} (proto field names or their camel-case JSON names); fields
   * the proto does not declare are skipped, as for text.
   *
   * @throws IllegalArgumentException when the JSON is malformed or a field has the wrong type
   */
  public static ModelConfig fromJson(String json) {
    ModelConfig.Builder builder = ModelConfig.newBuilder();
    try {
      JsonFormat.parser().ignoringUnknownFields().merge(json, builder);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return builder.build();
  }

  /** A version policy serving the {@code count} highest versions. */
  public static ModelVersionPolicy latestVersions(int count) {
    return ModelVersionPolicy.newBuilder()
        .setLatest(ModelVersionPolicy.Latest.newBuilder().setNumVersions(count))
        .build();
  }

  /**
   * A batching classifier's signature as TorchScript names its tensors: one FP32 input {@code
   * INPUT__0} of {@code inputDims}, one FP32 output {@code OUTPUT__0} of {@code classes} scores;
   * the caller adds the platform or backend and the rest.
   */
  public static ModelConfig.Builder classifier(
      String name, int maxBatch, List<Long> inputDims, long classes) {
    return ModelConfig.newBuilder()
        .setName(name)
        .setMaxBatchSize(maxBatch)
        .addInput(
            ModelInput.newBuilder()
                .setName("INPUT__0")
                .setDataType(DataType.TYPE_FP32)
                .addAllDims(inputDims))
        .addOutput(
            ModelOutput.newBuilder()
                .setName("OUTPUT__0")
                .setDataType(DataType.TYPE_FP32)
                .addDims(classes));
  }

  /** One model instance on the CPU. */
  public static ModelInstanceGroup oneCpuInstance() {
    return ModelInstanceGroup.newBuilder()
        .setKind(ModelInstanceGroup.Kind.KIND_CPU)
        .setCount(1)
        .build();
  }

  /** A backend parameter holding {@code value}. */
  public static ModelParameter parameter(String value) {
    return ModelParameter.newBuilder().setStringValue(value).build();
  }
}
