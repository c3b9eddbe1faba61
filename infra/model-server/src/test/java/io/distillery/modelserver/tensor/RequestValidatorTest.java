package io.distillery.modelserver.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.TextFormat;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

  private static final ModelConfig IMAGES =
      parse(
          """
      name: "m" max_batch_size: 4
      input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 1, -1 ] } ]
      output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
      """);

  @Test
  void shouldReturnTheBatchSizeOfAValidRequest() {
    assertThat(RequestValidator.validate(IMAGES, List.of(fp32(3, 1, 7)), Set.of("OUTPUT__0")))
        .isEqualTo(3);
  }

  @Test
  void shouldRejectWrongRankFixedDimensionBatchAndUnknownOutput() {
    assertInvalid(List.of(fp32(1, 7)), Set.of(), "shape");
    assertInvalid(List.of(fp32(1, 2, 7)), Set.of(), "shape");
    assertInvalid(List.of(fp32(5, 1, 7)), Set.of(), "batch size 5");
    assertInvalid(List.of(fp32(1, 1, 7)), Set.of("LOGITS"), "unknown output");
    assertInvalid(List.of(), Set.of(), "missing");
  }

  private static void assertInvalid(List<Tensor> inputs, Set<String> outputs, String message) {
    assertThatThrownBy(() -> RequestValidator.validate(IMAGES, inputs, outputs))
        .isInstanceOfSatisfying(
            ServingException.class,
            e -> assertThat(e.reason()).isEqualTo(ServingException.Reason.INVALID_ARGUMENT))
        .hasMessageContaining(message);
  }

  private static Tensor fp32(long... shape) {
    return new Tensor(
        "INPUT__0",
        DataType.FP32,
        Shape.of(shape),
        new byte[(int) Shape.of(shape).elementCount() * 4]);
  }

  private static ModelConfig parse(String text) {
    try {
      return TextFormat.parse(text, ModelConfig.class);
    } catch (TextFormat.ParseException e) {
      throw new IllegalStateException(e);
    }
  }
}
