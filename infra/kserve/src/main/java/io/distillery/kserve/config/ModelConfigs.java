package io.distillery.kserve.config;

import com.google.protobuf.TextFormat;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInstanceGroup;
import io.distillery.schemas.kserve.config.ModelParameter;
import io.distillery.schemas.kserve.config.ModelVersionPolicy;

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

  /** A version policy serving the {@code count} highest versions. */
  public static ModelVersionPolicy latestVersions(int count) {
    return ModelVersionPolicy.newBuilder()
        .setLatest(ModelVersionPolicy.Latest.newBuilder().setNumVersions(count))
        .build();
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
