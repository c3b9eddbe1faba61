package io.distillery.kserve.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.kserve.config.DataType;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelDynamicBatching;
import io.distillery.schemas.kserve.config.ModelInput;
import org.junit.jupiter.api.Test;

class ModelConfigsTest {

  @Test
  void shouldParseTritonTextSkippingFieldsItDoesNotKnow() {
    ModelConfig config =
        ModelConfigs.parse(
            """
            name: "m"
            max_batch_size: 8
            input [ { name: "INPUT__0", data_type: TYPE_FP32, dims: [ 1, -1 ] } ]
            optimization { graph { level: 1 } }
            dynamic_batching { }
            """);

    assertThat(config.getName()).isEqualTo("m");
    assertThat(config.getInput(0).getDimsList()).containsExactly(1L, -1L);
    assertThat(config.hasDynamicBatching()).isTrue();
  }

  @Test
  void shouldRefuseMalformedText() {
    assertThatThrownBy(() -> ModelConfigs.parse("max_batch_size: \"eight\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1:");
  }

  @Test
  void shouldPrintWhatItParsesBackWithParametersSortedAndAnEmptyBatcherKept() {
    ModelConfig config =
        ModelConfig.newBuilder()
            .setName("m")
            .setPlatform("pytorch_libtorch")
            .addInput(
                ModelInput.newBuilder()
                    .setName("INPUT__0")
                    .setDataType(DataType.TYPE_INT64)
                    .addDims(-1))
            .setVersionPolicy(ModelConfigs.latestVersions(2))
            .addInstanceGroup(ModelConfigs.oneCpuInstance())
            .putParameters("b", ModelConfigs.parameter("2"))
            .putParameters("a", ModelConfigs.parameter("1"))
            .setDynamicBatching(ModelDynamicBatching.getDefaultInstance())
            .build();

    String text = ModelConfigs.print(config);

    assertThat(ModelConfigs.parse(text)).isEqualTo(config);
    assertThat(text.indexOf("key: \"a\"")).isLessThan(text.indexOf("key: \"b\""));
    assertThat(text).contains("dynamic_batching {", "data_type: TYPE_INT64", "kind: KIND_CPU");
  }
}
