package io.distillery.kserve.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.distillery.kserve.resilience.CircuitBreaker;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import io.distillery.schemas.kserve.ModelConfigRequest;
import io.distillery.schemas.kserve.ModelConfigResponse;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelMetadataRequest;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadResponse;
import io.distillery.schemas.kserve.ServerReadyRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One inference server: its single {@link ManagedChannel}, owned and closed here, its count of
 * outstanding requests and its circuit breaker. Every call has a deadline.
 */
public final class TritonEndpoint implements AutoCloseable {

  private final ServerAddress address;
  private final ManagedChannel channel;
  private final GRPCInferenceServiceFutureStub stub;
  private final CircuitBreaker breaker;
  private final AtomicInteger outstanding = new AtomicInteger();

  TritonEndpoint(ServerAddress address, ClientConfig config) {
    this.address = address;
    this.channel =
        Grpc.newChannelBuilderForAddress(
                address.host(),
                address.port(),
                config
                    .tls()
                    .map(TlsSettings::credentials)
                    .orElse(InsecureChannelCredentials.create()))
            .maxInboundMessageSize(config.maxInboundMessageBytes())
            .build();
    this.stub = GRPCInferenceServiceGrpc.newFutureStub(channel);
    this.breaker =
        new CircuitBreaker(config.breakerFailures(), config.breakerOpen(), System::nanoTime);
  }

  /**
   * A connection to one server of its own, outside a {@link TritonClient}, with the client's
   * defaults ({@link ClientConfig#defaults}: 64 MiB messages) over {@code tls} or plaintext: for a
   * caller that drives one server itself, such as a publisher loading model versions. Failures come
   * as {@link InferenceException}s, as the client's do. Close it when done.
   */
  public static TritonEndpoint connect(ServerAddress address, Optional<TlsSettings> tls) {
    ClientConfig defaults = ClientConfig.defaults(List.of(address));
    return new TritonEndpoint(address, tls.map(defaults::withTls).orElse(defaults));
  }

  /** The server's address. */
  public ServerAddress address() {
    return address;
  }

  /** Requests sent and not yet answered. */
  public int outstanding() {
    return outstanding.get();
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  /** Runs one inference with {@code deadline}; counts it as outstanding until it ends. */
  public CompletableFuture<ModelInferResponse> infer(ModelInferRequest request, Duration deadline) {
    outstanding.incrementAndGet();
    CompletableFuture<ModelInferResponse> f = call(s -> s.modelInfer(request), deadline);
    return f.whenComplete((r, e) -> outstanding.decrementAndGet());
  }

  /** Whether the server says it is ready. */
  public CompletableFuture<Boolean> serverReady(Duration deadline) {
    return call(s -> s.serverReady(ServerReadyRequest.getDefaultInstance()), deadline)
        .thenApply(r -> r.getReady());
  }

  /** The metadata of {@code model} (empty version: the server's choice). */
  public CompletableFuture<ModelMetadataResponse> modelMetadata(String model, Duration deadline) {
    return call(
        s -> s.modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build()), deadline);
  }

  /** The configuration of {@code model} (Triton's model-configuration extension). */
  public CompletableFuture<ModelConfigResponse> modelConfig(String model, Duration deadline) {
    return call(
        s -> s.modelConfig(ModelConfigRequest.newBuilder().setName(model).build()), deadline);
  }

  /** Whether {@code version} of {@code model} is ready (empty version: the server's choice). */
  public CompletableFuture<Boolean> modelReady(String model, String version, Duration deadline) {
    return call(
            s ->
                s.modelReady(
                    ModelReadyRequest.newBuilder().setName(model).setVersion(version).build()),
            deadline)
        .thenApply(r -> r.getReady());
  }

  /**
   * Asks the server to load {@code model} from its repository, or to load it again: Triton's
   * model-repository extension, with EXPLICIT model control.
   */
  public CompletableFuture<RepositoryModelLoadResponse> repositoryModelLoad(
      String model, Duration deadline) {
    return call(
        s ->
            s.repositoryModelLoad(
                RepositoryModelLoadRequest.newBuilder().setModelName(model).build()),
        deadline);
  }

  private <T> CompletableFuture<T> call(
      Function<GRPCInferenceServiceFutureStub, ListenableFuture<T>> rpc, Duration deadline) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ListenableFuture<T> call;
    try {
      call = rpc.apply(stub.withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS));
    } catch (RuntimeException e) {
      result.completeExceptionally(StatusMapping.map(e, address.toString()));
      return result;
    }
    Futures.addCallback(
        call,
        new FutureCallback<>() {
          @Override
          public void onSuccess(T value) {
            result.complete(value);
          }

          @Override
          public void onFailure(Throwable t) {
            result.completeExceptionally(StatusMapping.map(t, address.toString()));
          }
        },
        MoreExecutors.directExecutor());
    return result;
  }

  /** Shuts the channel down, waiting briefly for calls in flight. */
  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
