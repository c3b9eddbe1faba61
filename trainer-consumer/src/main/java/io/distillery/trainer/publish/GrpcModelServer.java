package io.distillery.trainer.publish;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.client.TlsSettings;
import io.distillery.kserve.client.TritonEndpoint;
import io.distillery.schemas.kserve.ModelInferResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A KServe v2 / Triton server reached over gRPC: RepositoryModelLoad (the server re-reads the
 * model's folder), ModelReady polled for the new version, then one warm-up inference on that
 * version with the signature's warm-up inputs, which must produce every declared output. One
 * channel, the KServe client's {@link TritonEndpoint} owned by this object, plaintext or TLS; every
 * call has a deadline, and failures come as the client's {@code InferenceException}s.
 */
public final class GrpcModelServer implements ModelServer, AutoCloseable {

  private final TritonEndpoint server;
  private final Duration deadline;

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
    this.server = TritonEndpoint.connect(address, tls);
    this.deadline = deadline;
  }

  @Override
  public String name() {
    return server.address().toString();
  }

  @Override
  public void loadAndWarmUp(StudentSignature signature, long version) throws Exception {
    String model = signature.name();
    await(server.repositoryModelLoad(model, deadline));
    String v = Long.toString(version);
    long until = System.nanoTime() + deadline.toNanos();
    while (!await(server.modelReady(model, v, deadline))) {
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
