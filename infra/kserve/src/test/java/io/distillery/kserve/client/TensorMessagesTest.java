package io.distillery.kserve.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.schemas.kserve.InferTensorContents;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferRequest.InferInputTensor;
import io.distillery.schemas.kserve.ModelInferResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorMessagesTest {

  private static final Tensor PIXELS =
      Tensor.ofFloats("INPUT__0", DataType.FP32, Shape.of(1, 2), new float[] {0.5f, 1f});

  @Test
  void shouldReadBackTheInputsOfARequestItWrote() {
    Tensor words =
        Tensor.ofBytes("TEXT", Shape.of(1), List.of("hello".getBytes(StandardCharsets.US_ASCII)));
    ModelInferRequest request = TensorMessages.request("m", "1", "r", List.of(PIXELS, words));

    List<Tensor> inputs = TensorMessages.inputs(request);

    assertThat(inputs).extracting(Tensor::name).containsExactly("INPUT__0", "TEXT");
    assertThat(inputs.get(0).floats()).containsExactly(0.5f, 1f);
    assertThat(inputs.get(1).byteElements().get(0)).asString().isEqualTo("hello");
  }

  @Test
  void shouldReadTypedContentsKeepingDoublesExact() {
    ModelInferRequest request =
        ModelInferRequest.newBuilder()
            .addInputs(
                typed("D", "FP64", 2)
                    .setContents(
                        InferTensorContents.newBuilder().addFp64Contents(0.1).addFp64Contents(-3)))
            .addInputs(
                typed("U", "UINT32", 1)
                    .setContents(InferTensorContents.newBuilder().addUintContents(-1)))
            .build();

    List<Tensor> inputs = TensorMessages.inputs(request);

    assertThat(inputs.get(0).raw())
        .isEqualTo(
            java.nio.ByteBuffer.allocate(16)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putDouble(0.1)
                .putDouble(-3)
                .array());
    assertThat(inputs.get(1).longs()).containsExactly(0xFFFFFFFFL);
  }

  @Test
  void shouldRefuseMalformedInputsNamingThem() {
    ModelInferRequest good = TensorMessages.request("m", "", "r", List.of(PIXELS));

    assertRefused(good.toBuilder().addRawInputContents(ByteString.EMPTY).build(), "1 inputs");
    assertRefused(
        good.toBuilder()
            .setInputs(0, good.getInputs(0).toBuilder().setContents(fp32(0.5f, 1f)))
            .build(),
        "input 'INPUT__0': raw and typed");
    assertRefused(
        good.toBuilder()
            .setInputs(0, good.getInputs(0).toBuilder().clearShape().addShape(-1).addShape(2))
            .build(),
        "input 'INPUT__0': negative dimension");
    assertRefused(
        good.toBuilder().setRawInputContents(0, ByteString.copyFrom(new byte[4])).build(),
        "input 'INPUT__0'");
    assertRefused(
        good.toBuilder().setInputs(0, good.getInputs(0).toBuilder().setDatatype("FP8")).build(),
        "Unknown tensor datatype 'FP8'");
    assertRefused(
        ModelInferRequest.newBuilder()
            .addInputs(typed("H", "FP16", 1).setContents(fp32(1f)))
            .build(),
        "must be sent raw");
    assertRefused(
        ModelInferRequest.newBuilder()
            .addInputs(
                typed("B", "UINT8", 1)
                    .setContents(InferTensorContents.newBuilder().addUintContents(256)))
            .build(),
        "does not fit UINT8");
  }

  @Test
  void shouldWriteAResponseWithRawContentsThatReadsBack() {
    ModelInferResponse response = TensorMessages.response("m", "3", "r", List.of(PIXELS));

    assertThat(response.getModelVersion()).isEqualTo("3");
    assertThat(response.getRawOutputContentsCount()).isEqualTo(1);
    assertThat(response.getOutputs(0).getDatatype()).isEqualTo("FP32");
    assertThat(response.getOutputs(0).getShapeList()).containsExactly(1L, 2L);
    assertThat(TensorMessages.outputs(response).get("INPUT__0").floats()).containsExactly(0.5f, 1f);
  }

  private static InferInputTensor.Builder typed(String name, String datatype, long... shape) {
    InferInputTensor.Builder b = InferInputTensor.newBuilder().setName(name).setDatatype(datatype);
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  private static InferTensorContents fp32(float... values) {
    InferTensorContents.Builder b = InferTensorContents.newBuilder();
    for (float v : values) {
      b.addFp32Contents(v);
    }
    return b.build();
  }

  private static void assertRefused(ModelInferRequest request, String message) {
    assertThatThrownBy(() -> TensorMessages.inputs(request))
        .isInstanceOf(TensorException.class)
        .hasMessageContaining(message);
  }
}
