package io.distillery.trainer.publish;

import com.google.protobuf.ByteString;
import io.distillery.kserve.client.RetriableInferenceException;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.StatusMapping;
import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.client.TlsSettings;
import io.distillery.kserve.client.TritonEndpoint;
import io.distillery.kserve.config.ModelConfigs;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelRepositoryParameter;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A KServe v2 / Triton server reached over gRPC: RepositoryModelLoad, ModelReady polled for the new
 * version, then one warm-up inference on that version with the signature's warm-up inputs, which
 * must produce every declared output. Two ways to hand the server the version: {@link #uploading},
 * the load request carries the model (Triton's {@code config} parameter, the config as JSON, and
 * {@code file:<v>/model.pt}, the version's bytes), so the trainer and the servers share no disk;
 * or, by the plain constructors, the server re-reads its model repository, which the trainer writes
 * (a shared filesystem). One channel, the KServe client's {@link TritonEndpoint} owned by this
 * object, plaintext or TLS; every call has a deadline, and failures come as the client's {@code
 * InferenceException}s.
 */
public final class GrpcModelServer implements ModelServer, AutoCloseable {

  private final TritonEndpoint server;
  private final Duration deadline;
  private final Optional<ModelRepository> upload;

  /**
   * A plaintext connection.
   *
   * @param address the server's gRPC endpoint
   * @param deadline deadline of each call, and how long to wait for the version to be ready
   */
  public GrpcModelServer(ServerAddress address, Duration deadline) {
    this(address, deadline, Optional.empty());
  }

  /**
   * @param address the server's gRPC endpoint
   * @param deadline deadline of each call, and how long to wait for the version to be ready
   * @param tls the trust store and, for mutual TLS, the client certificate; empty for plaintext
   */
  public GrpcModelServer(ServerAddress address, Duration deadline, Optional<TlsSettings> tls) {
    this(address, deadline, tls, Optional.empty());
  }

  private GrpcModelServer(
      ServerAddress address,
      Duration deadline,
      Optional<TlsSettings> tls,
      Optional<ModelRepository> upload) {
    this.server = TritonEndpoint.connect(address, tls);
    this.deadline = deadline;
    this.upload = upload;
  }

  /**
   * A server that gets each version in the load request itself, read from the trainer's own {@code
   * repository}: no shared disk.
   */
  public static GrpcModelServer uploading(
      ServerAddress address,
      Duration deadline,
      Optional<TlsSettings> tls,
      ModelRepository repository) {
    return new GrpcModelServer(address, deadline, tls, Optional.of(repository));
  }

  @Override
  public String name() {
    return server.address().toString();
  }

  @Override
  public void loadAndWarmUp(StudentSignature signature, long version) throws Exception {
    String model = signature.name();
    await(server.repositoryModelLoad(model, parameters(model, version), deadline));
    String v = Long.toString(version);
    long until = System.nanoTime() + deadline.toNanos();
    while (!readyYet(model, v)) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            model + " version " + v + " not ready on " + name() + " after " + deadline);
      }
      Thread.sleep(100);
    }
    ModelInferResponse response =
        await(
            server.infer(
                TensorMessages.request(model, v, "warm-up", signature.warmUp()), deadline));
    if (response.getOutputsCount() < signature.outputs().size()) {
      throw new IllegalStateException(
          model
              + " version "
              + v
              + " answered the warm-up with "
              + response.getOutputsCount()
              + " outputs, its configuration declares "
              + signature.outputs().size());
    }
  }

  /**
   * Whether the version is ready; a server that cannot say yet (UNAVAILABLE while it loads) counts
   * as not ready, any other failure is thrown.
   */
  private boolean readyYet(String model, String version) throws InterruptedException {
    try {
      return await(server.modelReady(model, version, deadline));
    } catch (RetriableInferenceException e) {
      if (e.errorType().equals(StatusMapping.TLS_FAILED)) {
        throw e;
      }
      return false;
    }
  }

  /**
   * The load parameters: none for a shared repository; the config as JSON and the version's model
   * file when uploading.
   */
  private Map<String, ModelRepositoryParameter> parameters(String model, long version)
      throws IOException {
    if (upload.isEmpty()) {
      return Map.of();
    }
    ModelRepository repository = upload.get();
    ModelConfig config = repository.readConfig(model);
    byte[] file = Files.readAllBytes(repository.modelFile(model, version));
    return Map.of(
        "config",
        ModelRepositoryParameter.newBuilder().setStringParam(ModelConfigs.toJson(config)).build(),
        "file:" + version + "/" + ModelRepository.MODEL_FILE,
        ModelRepositoryParameter.newBuilder().setBytesParam(ByteString.copyFrom(file)).build());
  }

  /** The call's result; its failure (an {@code InferenceException}) is rethrown as it is. */
  private static <T> T await(CompletableFuture<T> call) throws InterruptedException {
    try {
      return call.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
