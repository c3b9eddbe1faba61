package io.distillery.kserve.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.distillery.kserve.resilience.Backoff;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TritonClientTest {

  private static final ModelInferRequest REQUEST =
      TensorMessages.request(
          "sum",
          "",
          "r1",
          List.of(
              Tensor.ofFloats(
                  "IN", DataType.FP32, Shape.of(2, 4), new float[] {1, 2, 3, 4, 10, 20, 30, 40})));

  @Test
  void shouldReadTheSignatureFromMetadataAndConfig() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(List.of(server.address()), 0)) {
      ModelSignature s = client.signature("sum", 4, Duration.ofSeconds(5));
      assertThat(s.version()).isEqualTo("3");
      assertThat(s.maxBatchSize()).isEqualTo(8);
      assertThat(s.inputs().get(0).dims()).isEqualTo(Shape.of(4));
      assertThat(s.inputs().get(0).type()).isEqualTo(DataType.FP32);
      assertThat(s.output("OUT")).isPresent();
    }
  }

  @Test
  void shouldRefuseAnUnknownModelWithoutRetrying() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(List.of(server.address()), 0)) {
      assertThatThrownBy(() -> client.signature("nope", 4, Duration.ofSeconds(5)))
          .isInstanceOf(NonRetriableInferenceException.class)
          .hasMessageContaining("NOT_FOUND");
    }
  }

  @Test
  void shouldLoadAModelAndSeeItReadyThroughAnEndpointOfItsOwn() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonEndpoint endpoint = TritonEndpoint.connect(server.address(), Optional.empty())) {
      Duration deadline = Duration.ofSeconds(5);
      assertThat(endpoint.modelReady("sum", "3", deadline).join()).isFalse();

      endpoint.repositoryModelLoad("sum", deadline).join();

      assertThat(endpoint.modelReady("sum", "3", deadline).join()).isTrue();
      assertThat(endpoint.infer(REQUEST, deadline).join().getOutputsCount()).isEqualTo(1);
      assertThatThrownBy(() -> endpoint.repositoryModelLoad("nope", deadline).join())
          .hasCauseInstanceOf(NonRetriableInferenceException.class)
          .hasMessageContaining("NOT_FOUND");
    }
  }

  @Test
  void shouldDecodeRawOutputsOfASuccessfulCall() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(List.of(server.address()), 0)) {
      InferResult r = client.infer(REQUEST).join();
      assertThat(TensorMessages.outputs(r.response()).get("OUT").floats())
          .containsExactly(10f, 100f);
      assertThat(r.attempts()).isEqualTo(1);
    }
  }

  @Test
  void shouldNotRetryInvalidArgument() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(List.of(server.address()), 0)) {
      server.failWith.set(Status.INVALID_ARGUMENT.withDescription("bad input"));
      assertThatThrownBy(() -> client.infer(REQUEST).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(NonRetriableInferenceException.class)
          .hasMessageContaining("bad input");
      assertThat(server.inferCalls.get()).isEqualTo(1);
    }
  }

  @Test
  void shouldGiveUpOnRetriableFailuresAfterMaxAttempts() throws Exception {
    try (LoopbackKserveServer server = LoopbackKserveServer.start(0);
        TritonClient client = client(List.of(server.address()), 3)) {
      server.failWith.set(Status.RESOURCE_EXHAUSTED);
      assertThatThrownBy(() -> client.infer(REQUEST).join())
          .cause()
          .isInstanceOf(RetriableInferenceException.class);
      assertThat(server.inferCalls.get()).isBetween(1, 3);
    }
  }

  @Test
  void shouldFailOverToAHealthyServerAndReadmitTheOtherWhenItRecovers() throws Exception {
    try (LoopbackKserveServer a = LoopbackKserveServer.start(0);
        LoopbackKserveServer b = LoopbackKserveServer.start(0);
        TritonClient client = client(List.of(a.address(), b.address()), 0)) {
      a.failWith.set(Status.UNAVAILABLE.withDescription("going down"));
      for (int i = 0; i < 20; i++) {
        assertThat(client.infer(REQUEST).join().server()).isNotNull();
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> client.endpoints().get(0).breaker().state().name().equals("OPEN"));
      int callsOnBBefore = b.inferCalls.get();
      int callsOnA = a.inferCalls.get();
      for (int i = 0; i < 10; i++) {
        assertThat(client.infer(REQUEST).join().server()).isEqualTo(b.address());
      }
      // ejected: at most a half-open probe reaches A, every answer comes from B
      assertThat(a.inferCalls.get()).isLessThanOrEqualTo(callsOnA + 2);
      assertThat(b.inferCalls.get()).isEqualTo(callsOnBBefore + 10);
      a.failWith.set(null);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                client.infer(REQUEST).join();
                assertThat(a.inferCalls.get()).isGreaterThan(callsOnA);
              });
    }
  }

  @Test
  void shouldWaitForAStoppedServerAndCompleteWhenItIsBack() throws Exception {
    LoopbackKserveServer first = LoopbackKserveServer.start(0);
    ServerAddress address = first.address();
    try (TritonClient client = client(List.of(address), 0)) {
      first.close();
      var pending = client.infer(REQUEST);
      Thread.sleep(300); // the server stays down for a while; the call must keep retrying
      assertThat(pending).isNotDone();
      try (LoopbackKserveServer again = LoopbackKserveServer.start(address.port())) {
        InferResult r = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.attempts()).isGreaterThan(1);
        assertThat(again.inferCalls.get()).isEqualTo(1);
      }
    }
  }

  private static TritonClient client(List<ServerAddress> servers, int maxAttempts) {
    ClientConfig config =
        ClientConfig.builder(servers)
            .inferDeadline(Duration.ofSeconds(5))
            .metadataDeadline(Duration.ofSeconds(2))
            .maxInboundMessageBytes(16 << 20)
            .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2.0))
            .maxAttempts(maxAttempts)
            .breaker(2, Duration.ofMillis(200))
            .healthInterval(Duration.ofMillis(100))
            .build();
    return TritonClient.connect(config, new SimpleMeterRegistry());
  }
}
