package io.distillery.trainer.publish;

import com.google.protobuf.ByteString;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.trainer.repository.ModelConfig;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A KServe v2 / Triton server reached over gRPC: RepositoryModelLoad (the server re-reads the
 * model's folder), ModelReady polled for the new version, then one warm-up inference on that
 * version with the model configuration's warm-up inputs, which must produce every declared output.
 * One channel, owned by this object, plaintext or TLS; every call has a deadline.
 */
public final class GrpcModelServer implements ModelServer, AutoCloseable {

  private final String target;
  private final ManagedChannel channel;
  private final Duration deadline;

  /**
   * @param target host:port of the server's gRPC endpoint
   * @param deadline deadline of each call, and how long to wait for the version to be ready
   */
  public GrpcModelServer(String target, Duration deadline) {
    this(target, deadline, InsecureChannelCredentials.create());
  }

  /**
   * @param target host:port of the server's gRPC endpoint
   * @param deadline deadline of each call, and how long to wait for the version to be ready
   * @param credentials how to reach it, e.g. {@code TlsChannelCredentials} with a trust store and,
   *     for mutual TLS, a client certificate
   */
  public GrpcModelServer(String target, Duration deadline, ChannelCredentials credentials) {
    this.target = target;
    this.deadline = deadline;
    this.channel =
        Grpc.newChannelBuilder(target, credentials).maxInboundMessageSize(64 << 20).build();
  }

  @Override
  public String name() {
    return target;
  }

  @Override
  public void loadAndWarmUp(ModelConfig config, long version) throws Exception {
    try {
      load(config, version);
    } catch (StatusRuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof SSLException tls) {
          throw new IllegalStateException(
              "TLS with "
                  + target
                  + " failed: "
                  + tls.getMessage()
                  + " (check the trusted CA, and for mutual TLS the client certificate and key)",
              e);
        }
      }
      throw e;
    }
  }

  private void load(ModelConfig config, long version) throws Exception {
    String modelName = config.name();
    stub()
        .repositoryModelLoad(
            RepositoryModelLoadRequest.newBuilder().setModelName(modelName).build());
    String v = Long.toString(version);
    long until = System.nanoTime() + deadline.toNanos();
    while (!stub()
        .modelReady(ModelReadyRequest.newBuilder().setName(modelName).setVersion(v).build())
        .getReady()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException(
            modelName + " version " + v + " not ready on " + target + " after " + deadline);
      }
      Thread.sleep(100);
    }
    ModelInferResponse response = stub().modelInfer(warmUp(config, v));
    if (response.getOutputsCount() < config.outputs().size()) {
      throw new IllegalStateException(
          modelName
              + " version "
              + v
              + " answered the warm-up with "
              + response.getOutputsCount()
              + " outputs, its configuration declares "
              + config.outputs().size());
    }
  }

  private static ModelInferRequest warmUp(ModelConfig config, String version) {
    ModelInferRequest.Builder request =
        ModelInferRequest.newBuilder()
            .setModelName(config.name())
            .setModelVersion(version)
            .setId("warm-up");
    for (ModelConfig.WarmUpInput input : config.warmUp()) {
      request
          .addInputs(
              ModelInferRequest.InferInputTensor.newBuilder()
                  .setName(input.name())
                  .setDatatype(input.dataType())
                  .addAllShape(input.shape()))
          .addRawInputContents(ByteString.copyFrom(input.data()));
    }
    return request.build();
  }

  private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub() {
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
