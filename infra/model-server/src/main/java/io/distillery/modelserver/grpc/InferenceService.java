package io.distillery.modelserver.grpc;

import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.repository.LoadedModel;
import io.distillery.modelserver.repository.ModelManager;
import io.distillery.modelserver.repository.ServedVersion;
import io.distillery.modelserver.tensor.RequestValidator;
import io.distillery.schemas.kserve.*;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The KServe v2 inference service over a {@link ModelManager}. */
public final class InferenceService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

  private static final Logger log = LoggerFactory.getLogger(InferenceService.class);
  private static final List<String> EXTENSIONS =
      List.of(
          "classification",
          "model_repository",
          "model_configuration",
          "statistics",
          "binary_tensor_data");

  /** The response parameter Triton sets on every streamed response: whether it is the last. */
  static final String FINAL_RESPONSE = "triton_final_response";

  private final ModelManager models;
  private final String version;
  private final boolean strictReadiness;

  /**
   * A service answering from the given models; {@code version} is reported in server metadata.
   *
   * @param strictReadiness ServerReady is false while a model that was asked to load failed
   */
  public InferenceService(ModelManager models, String version, boolean strictReadiness) {
    this.models = models;
    this.version = version;
    this.strictReadiness = strictReadiness;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    answer(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    answer(
        out,
        () ->
            ServerReadyResponse.newBuilder()
                .setReady(!strictReadiness || models.allLoadsSucceeded())
                .build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
    answer(
        out,
        () -> {
          boolean ready;
          try {
            models.resolve(request.getName(), request.getVersion());
            ready = true;
          } catch (io.distillery.modelserver.ServingException
              | io.distillery.kserve.repository.RepositoryException e) {
            // Triton (up to 26.06) answers OK with ready=false for unknown, never loaded and
            // unloaded models alike
            ready = false;
          }
          return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
    answer(
        out,
        () ->
            ServerMetadataResponse.newBuilder()
                .setName("distillery-dev-server")
                .setVersion(version)
                .addAllExtensions(EXTENSIONS)
                .build());
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
    answer(
        out,
        () -> {
          models.resolve(request.getName(), request.getVersion());
          LoadedModel model = models.loaded(request.getName()).orElseThrow();
          return ModelMetadata.describe(model);
        });
  }

  @Override
  public void modelConfig(ModelConfigRequest request, StreamObserver<ModelConfigResponse> out) {
    answer(
        out,
        () -> {
          models.resolve(request.getName(), request.getVersion());
          ModelConfig config = models.loaded(request.getName()).orElseThrow().config();
          return ModelConfigResponse.newBuilder().setConfig(ConfigDefaults.fill(config)).build();
        });
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    CompletableFuture<ModelInferResponse> pending;
    try {
      if (models.loaded(request.getModelName()).map(m -> decoupled(m.config())).orElse(false)) {
        throw new UnsupportedOperationException(
            "ModelInfer RPC doesn't support models with decoupled transaction policy");
      }
      pending = infer(request);
    } catch (UnsupportedOperationException e) {
      out.onError(Status.UNIMPLEMENTED.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      log.debug(
          "rejected request {} for {}: {}",
          request.getId(),
          request.getModelName(),
          e.getMessage());
      out.onError(StatusMapping.toStatus(e));
      return;
    }
    // A caller that gives up (deadline passed, call cancelled) takes its queued request along.
    Context.current().addListener(context -> pending.cancel(false), Runnable::run);
    pending.whenComplete(
        (response, error) -> {
          if (error instanceof CancellationException) {
            return;
          }
          if (error != null) {
            out.onError(StatusMapping.toStatus(error));
            return;
          }
          out.onNext(response);
          out.onCompleted();
        });
  }

  /**
   * The streaming RPC, as Triton answers it: each request gets its response (for decoupled models
   * too: the development server's models answer once) marked {@code triton_final_response}; an
   * error comes as a response with {@code error_message} set and the stream stays open.
   */
  @Override
  public StreamObserver<ModelInferRequest> modelStreamInfer(
      StreamObserver<ModelStreamInferResponse> out) {
    Object lock = new Object();
    // answers still to write, and whether the client has sent its last request: the stream ends
    // when both say so, never before a queued request is answered
    int[] pending = {0};
    boolean[] halfClosed = {false};
    return new StreamObserver<>() {
      @Override
      public void onNext(ModelInferRequest request) {
        synchronized (lock) {
          pending[0]++;
        }
        CompletableFuture<ModelInferResponse> answer;
        try {
          answer = infer(request);
        } catch (RuntimeException e) {
          answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete(
            (response, error) -> {
              ModelStreamInferResponse.Builder message = ModelStreamInferResponse.newBuilder();
              if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                message
                    .setErrorMessage(String.valueOf(cause.getMessage()))
                    .setInferResponse(ModelInferResponse.newBuilder().setId(request.getId()));
              } else {
                message.setInferResponse(
                    response.toBuilder()
                        .putParameters(
                            FINAL_RESPONSE,
                            InferParameter.newBuilder().setBoolParam(true).build()));
              }
              synchronized (lock) {
                out.onNext(message.build());
                pending[0]--;
                if (pending[0] == 0 && halfClosed[0]) {
                  out.onCompleted();
                }
              }
            });
      }

      @Override
      public void onError(Throwable t) {
        log.debug("inference stream closed by the client: {}", t.getMessage());
      }

      @Override
      public void onCompleted() {
        synchronized (lock) {
          halfClosed[0] = true;
          if (pending[0] == 0) {
            out.onCompleted();
          }
        }
      }
    };
  }

  /** Validates and queues one request; its response, with classification results where asked. */
  private CompletableFuture<ModelInferResponse> infer(ModelInferRequest request) {
    ServedVersion served = models.resolve(request.getModelName(), request.getModelVersion());
    LoadedModel model = models.loaded(request.getModelName()).orElseThrow();
    ModelConfig config = model.config();
    List<Tensor> inputs = TensorMessages.inputs(request);
    Map<String, Integer> classification = Classification.requested(request);
    Set<String> requested =
        request.getOutputsList().stream()
            .map(ModelInferRequest.InferRequestedOutputTensor::getName)
            .collect(Collectors.toSet());
    int rows = RequestValidator.validate(config, inputs, requested);
    List<Tensor> ordered =
        config.getInputList().stream()
            .flatMap(d -> inputs.stream().filter(t -> t.name().equals(d.getName())))
            .toList();
    return served
        .batcher()
        .submit(ordered, rows)
        .thenApply(
            outputs -> {
              List<Tensor> answered = new ArrayList<>();
              for (Tensor t : outputs) {
                if (!requested.isEmpty() && !requested.contains(t.name())) {
                  continue;
                }
                Integer k = classification.get(t.name());
                answered.add(
                    k == null
                        ? t
                        : Classification.of(
                            t, k, config.getMaxBatchSize() > 0, model.labels(t.name())));
              }
              return TensorMessages.response(
                  config.getName(), Long.toString(served.version()), request.getId(), answered);
            });
  }

  private static boolean decoupled(ModelConfig config) {
    return config.getModelTransactionPolicy().getDecoupled();
  }

  @Override
  public void modelStatistics(
      ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
    answer(
        out,
        () -> {
          ModelStatisticsResponse.Builder response = ModelStatisticsResponse.newBuilder();
          if (!request.getName().isEmpty()) {
            ServedVersion served = models.resolve(request.getName(), request.getVersion());
            if (!request.getVersion().isEmpty()) {
              return response
                  .addModelStats(served.stats().snapshot(request.getName(), request.getVersion()))
                  .build();
            }
          }
          models
              .loadedModels()
              .forEach(
                  (name, model) -> {
                    if (request.getName().isEmpty() || request.getName().equals(name)) {
                      model
                          .versions()
                          .forEach(
                              (v, served) ->
                                  response.addModelStats(
                                      served.stats().snapshot(name, v.toString())));
                    }
                  });
          return response.build();
        });
  }

  @Override
  public void repositoryIndex(
      RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> out) {
    answer(
        out,
        () ->
            RepositoryIndexResponse.newBuilder()
                .addAllModels(models.index(request.getReady()))
                .build());
  }

  @Override
  public void repositoryModelLoad(
      RepositoryModelLoadRequest request, StreamObserver<RepositoryModelLoadResponse> out) {
    answer(
        out,
        () -> {
          LoadParameters parameters = LoadParameters.of(request);
          models.load(request.getModelName(), parameters.config(), parameters.files());
          return RepositoryModelLoadResponse.getDefaultInstance();
        });
  }

  @Override
  public void repositoryModelUnload(
      RepositoryModelUnloadRequest request, StreamObserver<RepositoryModelUnloadResponse> out) {
    answer(
        out,
        () -> {
          models.unload(request.getModelName());
          return RepositoryModelUnloadResponse.getDefaultInstance();
        });
  }

  private static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      out.onError(StatusMapping.toStatus(e));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }
}
