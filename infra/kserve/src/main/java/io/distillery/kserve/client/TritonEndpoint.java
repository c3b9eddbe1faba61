package io.distillery.kserve.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.distillery.kserve.resilience.CircuitBreaker;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceFutureStub;
import io.distillery.schemas.kserve.InferParameter;
import io.distillery.schemas.kserve.ModelConfigRequest;
import io.distillery.schemas.kserve.ModelConfigResponse;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelMetadataRequest;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.ModelRepositoryParameter;
import io.distillery.schemas.kserve.ModelStreamInferResponse;
import io.distillery.schemas.kserve.RepositoryIndexRequest;
import io.distillery.schemas.kserve.RepositoryIndexResponse;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadResponse;
import io.distillery.schemas.kserve.ServerLiveRequest;
import io.distillery.schemas.kserve.ServerReadyRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  /** The response parameter with which Triton marks the last response to a streamed request. */
  public static final String FINAL_RESPONSE = "triton_final_response";

  private final ServerAddress address;
  private final ManagedChannel channel;
  private final GRPCInferenceServiceFutureStub stub;
  private final GRPCInferenceServiceGrpc.GRPCInferenceServiceStub asyncStub;
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
    this.asyncStub = GRPCInferenceServiceGrpc.newStub(channel);
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

  /**
   * Runs one inference on the streaming RPC (ModelStreamInfer), as a decoupled model requires: the
   * request is sent, the stream half-closed, and the answer is the last response carrying outputs
   * once one is marked {@code triton_final_response} or the server ends the stream. A response with
   * {@code error_message} fails the call as the server's refusal (non-retriable).
   */
  public CompletableFuture<ModelInferResponse> streamInfer(
      ModelInferRequest request, Duration deadline) {
    outstanding.incrementAndGet();
    CompletableFuture<ModelInferResponse> result = new CompletableFuture<>();
    result.whenComplete((r, e) -> outstanding.decrementAndGet());
    StreamObserver<ModelStreamInferResponse> answers =
        new StreamObserver<>() {
          private ModelInferResponse last;

          @Override
          public void onNext(ModelStreamInferResponse message) {
            if (!message.getErrorMessage().isEmpty()) {
              result.completeExceptionally(
                  new NonRetriableInferenceException(
                      "stream-error",
                      address + " answered on the stream: " + message.getErrorMessage(),
                      null));
              return;
            }
            ModelInferResponse response = message.getInferResponse();
            if (response.getOutputsCount() > 0) {
              last = response;
            }
            InferParameter flag = response.getParametersMap().get(FINAL_RESPONSE);
            if (flag != null && flag.getBoolParam()) {
              complete();
            }
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(StatusMapping.map(t, address.toString()));
          }

          @Override
          public void onCompleted() {
            complete();
          }

          private void complete() {
            if (last == null) {
              result.completeExceptionally(
                  new NonRetriableInferenceException(
                      "malformed-response",
                      address
                          + " ended the stream of "
                          + request.getModelName()
                          + " with no outputs",
                      null));
            } else {
              result.complete(last);
            }
          }
        };
    try {
      StreamObserver<ModelInferRequest> requests =
          asyncStub
              .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
              .modelStreamInfer(answers);
      requests.onNext(request);
      requests.onCompleted();
    } catch (RuntimeException e) {
      result.completeExceptionally(StatusMapping.map(e, address.toString()));
    }
    return result;
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

  /** Whether the server process is up (ServerLive), whatever its models' states. */
  public CompletableFuture<Boolean> serverLive(Duration deadline) {
    return call(s -> s.serverLive(ServerLiveRequest.getDefaultInstance()), deadline)
        .thenApply(r -> r.getLive());
  }

  /**
   * Whether {@code version} of {@code model} is ready (empty version: the server's choice). A model
   * the server does not know is not ready: Triton up to 26.06 answers OK with {@code ready=false},
   * newer Triton NOT_FOUND, and both mean the same here.
   */
  public CompletableFuture<Boolean> modelReady(String model, String version, Duration deadline) {
    return call(
            s ->
                s.modelReady(
                    ModelReadyRequest.newBuilder().setName(model).setVersion(version).build()),
            deadline)
        .handle(
            (r, failure) -> {
              if (failure == null) {
                return r.getReady();
              }
              InferenceException e = StatusMapping.map(failure, address.toString());
              if (e.errorType().equals("not-found")) {
                return false;
              }
              throw e;
            });
  }

  /**
   * Asks the server to load {@code model} from its repository, or to load it again: Triton's
   * model-repository extension, with EXPLICIT model control.
   */
  public CompletableFuture<RepositoryModelLoadResponse> repositoryModelLoad(
      String model, Duration deadline) {
    return repositoryModelLoad(model, Map.of(), deadline);
  }

  /**
   * Loads {@code model} with load parameters: Triton's {@code config} (the model config as JSON, a
   * string) and {@code file:<path>} (a file's bytes, e.g. {@code file:3/model.pt}), with which a
   * client on another machine hands the server the model itself.
   */
  public CompletableFuture<RepositoryModelLoadResponse> repositoryModelLoad(
      String model, Map<String, ModelRepositoryParameter> parameters, Duration deadline) {
    return call(
        s ->
            s.repositoryModelLoad(
                RepositoryModelLoadRequest.newBuilder()
                    .setModelName(model)
                    .putAllParameters(parameters)
                    .build()),
        deadline);
  }

  /** The model repository's index: each model and version with its state and reason. */
  public CompletableFuture<RepositoryIndexResponse> repositoryIndex(Duration deadline) {
    return call(s -> s.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()), deadline);
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
