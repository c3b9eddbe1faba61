package io.distillery.schemas.kserve;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.TextFormat;
import io.distillery.schemas.kserve.config.DataType;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInstanceGroup;
import org.junit.jupiter.api.Test;

class KserveContractTest {

  private static final String TRITON_STYLE_CONFIG =
      """
      name: "fmnist-teacher"
      platform: "pytorch_libtorch"
      max_batch_size: 64
      version_policy: { latest: { num_versions: 2 } }
      input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
      output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
      dynamic_batching { preferred_batch_size: [ 16, 32 ] max_queue_delay_microseconds: 2000 }
      instance_group [ { count: 1 kind: KIND_CPU } ]
      parameters: { key: "beam" value: { string_value: "1e-48" } }
      """;

  @Test
  void shouldParseTritonStyleConfigPbtxt() throws TextFormat.ParseException {
    ModelConfig config = TextFormat.parse(TRITON_STYLE_CONFIG, ModelConfig.class);

    assertThat(config.getName()).isEqualTo("fmnist-teacher");
    assertThat(config.getMaxBatchSize()).isEqualTo(64);
    assertThat(config.getVersionPolicy().getLatest().getNumVersions()).isEqualTo(2);
    assertThat(config.getInput(0).getDataType()).isEqualTo(DataType.TYPE_FP32);
    assertThat(config.getInput(0).getDimsList()).containsExactly(1L, 28L, 28L);
    assertThat(config.getOutput(0).getName()).isEqualTo("OUTPUT__0");
    assertThat(config.getDynamicBatching().getMaxQueueDelayMicroseconds()).isEqualTo(2000);
    assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_CPU);
    assertThat(config.getParametersOrThrow("beam").getStringValue()).isEqualTo("1e-48");
  }

  @Test
  void shouldKeepTritonFieldNumbersOnTheWire() {
    assertField(ModelInferRequest.getDescriptor(), "raw_input_contents", 7);
    assertField(ModelInferResponse.getDescriptor(), "raw_output_contents", 6);
    assertField(ModelInferRequest.InferInputTensor.getDescriptor(), "contents", 5);
    assertField(InferTensorContents.getDescriptor(), "bytes_contents", 8);
    assertField(ModelStatistics.getDescriptor(), "execution_count", 5);
    assertField(InferStatistics.getDescriptor(), "compute_infer", 5);
    assertField(ModelConfig.getDescriptor(), "backend", 17);
    assertField(ModelConfig.getDescriptor(), "dynamic_batching", 11);
    assertField(ModelConfig.getDescriptor(), "parameters", 14);
    assertThat(GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName())
        .isEqualTo("inference.GRPCInferenceService/ModelInfer");
  }

  @Test
  void shouldEncodeRawInputContentsAsFieldSeven() {
    byte[] wire =
        ModelInferRequest.newBuilder()
            .addRawInputContents(ByteString.copyFrom(new byte[] {1, 2}))
            .build()
            .toByteArray();

    // tag = (7 << 3) | length-delimited (2) = 0x3A, then length 2
    assertThat(wire).containsExactly(0x3A, 2, 1, 2);
  }

  private static void assertField(Descriptor message, String field, int number) {
    assertThat(message.findFieldByName(field).getNumber())
        .as("%s.%s", message.getName(), field)
        .isEqualTo(number);
  }
}
