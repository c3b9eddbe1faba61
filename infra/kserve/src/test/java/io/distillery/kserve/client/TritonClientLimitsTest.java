package io.distillery.kserve.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.distillery.kserve.resilience.Backoff;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's bounds: requests that keep timing out, and requests too large to send. */
class TritonClientLimitsTest {

  @Test
  void shouldGiveARequestUpAfterItExceededItsDeadlineThreeTimes() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(server, 1 << 20)) {
      server.failWith.set(Status.DEADLINE_EXCEEDED.withDescription("model is stuck"));

      Throwable failure = catchThrowable(() -> client.infer(request(4)).join());

      assertThat(failure).hasCauseInstanceOf(NonRetriableInferenceException.class);
      InferenceException e = (InferenceException) failure.getCause();
      assertThat(e.errorType()).isEqualTo("deadline-exceeded");
      assertThat(e)
          .hasMessageContaining("no answer within the deadline")
          .hasMessageContaining("3 times");
      assertThat(server.inferCalls.get()).isEqualTo(ClientConfig.DEFAULT_DEADLINE_ATTEMPTS);
    }
  }

  @Test
  void shouldRefuseARequestOverTheMessageLimitWithoutSendingIt() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(server, 64 * 1024)) {
      Throwable failure = catchThrowable(() -> client.infer(request(32 * 1024)).join());

      assertThat(failure).hasCauseInstanceOf(NonRetriableInferenceException.class);
      InferenceException e = (InferenceException) failure.getCause();
      assertThat(e.errorType()).isEqualTo("request-too-large");
      assertThat(e).hasMessageContaining("over the message limit of 65536 bytes");
      assertThat(server.inferCalls.get()).isZero();
    }
  }

  private static ModelInferRequest request(int rows) {
    return TensorMessages.request(
        "sum",
        "",
        "r1",
        List.of(Tensor.ofFloats("IN", DataType.FP32, Shape.of(rows, 4), new float[rows * 4])));
  }

  /**
   * A client whose health probe does not run during the test (the loopback server reports itself
   * unready while it injects failures).
   */
  private static TritonClient client(LoopbackKserveServer server, int maxMessageBytes) {
    ClientConfig config =
        ClientConfig.builder(List.of(server.address()))
            .inferDeadline(Duration.ofSeconds(5))
            .metadataDeadline(Duration.ofSeconds(2))
            .maxInboundMessageBytes(maxMessageBytes)
            .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0))
            .breaker(100, Duration.ofMillis(200))
            .healthInterval(Duration.ofHours(1))
            .build();
    return TritonClient.connect(config, new SimpleMeterRegistry());
  }
}
