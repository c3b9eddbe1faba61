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
import io.grpc.stub.StreamObserver;
import java.util.List;
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

  private final ModelManager models;
  private final String version;

  /** A service answering from the given models; {@code version} is reported in server metadata. */
  public InferenceService(ModelManager models, String version) {
    this.models = models;
    this.version = version;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
    answer(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
    answer(out, () -> ServerReadyResponse.newBuilder().setReady(true).build());
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
          } catch (io.distillery.modelserver.ServingException e) {
            if (e.reason() != io.distillery.modelserver.ServingException.Reason.UNAVAILABLE) {
              throw e;
            }
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
          return ModelConfigResponse.newBuilder().setConfig(config).build();
        });
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
    try {
      ServedVersion served = models.resolve(request.getModelName(), request.getModelVersion());
      ModelConfig config = models.loaded(request.getModelName()).orElseThrow().config();
      List<Tensor> inputs = TensorMessages.inputs(request);
      Set<String> requested =
          request.getOutputsList().stream()
              .map(ModelInferRequest.InferRequestedOutputTensor::getName)
              .collect(Collectors.toSet());
      int rows = RequestValidator.validate(config, inputs, requested);
      List<Tensor> ordered =
          config.getInputList().stream()
              .flatMap(d -> inputs.stream().filter(t -> t.name().equals(d.getName())))
              .toList();
      CompletableFuture<List<Tensor>> pending = served.batcher().submit(ordered, rows);
      // A caller that gives up (deadline passed, call cancelled) takes its queued request along.
      Context.current().addListener(context -> pending.cancel(false), Runnable::run);
      pending.whenComplete(
          (outputs, error) -> {
            if (error instanceof CancellationException) {
              return;
            }
            if (error != null) {
              out.onError(StatusMapping.toStatus(error));
              return;
            }
            out.onNext(
                TensorMessages.response(
                    config.getName(),
                    Long.toString(served.version()),
                    request.getId(),
                    requested.isEmpty()
                        ? outputs
                        : outputs.stream().filter(t -> requested.contains(t.name())).toList()));
            out.onCompleted();
          });
    } catch (RuntimeException e) {
      log.debug(
          "rejected request {} for {}: {}",
          request.getId(),
          request.getModelName(),
          e.getMessage());
      out.onError(StatusMapping.toStatus(e));
    }
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
          if (request.containsParameters("config")) {
            throw new IllegalArgumentException(
                "config override on load is not supported by this server");
          }
          models.load(request.getModelName());
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
