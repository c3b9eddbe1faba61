package io.distillery.kserve.client;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ModelConfigRequest;
import io.distillery.schemas.kserve.ModelConfigResponse;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.kserve.ModelMetadataRequest;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.ModelReadyRequest;
import io.distillery.schemas.kserve.ModelReadyResponse;
import io.distillery.schemas.kserve.RepositoryModelLoadRequest;
import io.distillery.schemas.kserve.RepositoryModelLoadResponse;
import io.distillery.schemas.kserve.ServerLiveRequest;
import io.distillery.schemas.kserve.ServerLiveResponse;
import io.distillery.schemas.kserve.ServerReadyRequest;
import io.distillery.schemas.kserve.ServerReadyResponse;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelInput;
import io.distillery.schemas.kserve.config.ModelOutput;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A KServe v2 server on loopback for client tests: model {@code sum} takes FP32 [-1,4] and answers
 * the row sums as FP32 [-1,1]; it is ready once loaded through the repository extension; a failure
 * status can be injected. It speaks the real protocol.
 */
final class LoopbackKserveServer implements AutoCloseable {

  final AtomicReference<Status> failWith = new AtomicReference<>();
  final AtomicInteger inferCalls = new AtomicInteger();
  final AtomicInteger loads = new AtomicInteger();
  private final Server server;

  private LoopbackKserveServer(int port) throws IOException {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(new Service())
            .build()
            .start();
  }

  static LoopbackKserveServer start(int port) throws IOException {
    return new LoopbackKserveServer(port);
  }

  ServerAddress address() {
    return new ServerAddress("127.0.0.1", server.getPort());
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Service extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {

    @Override
    public void serverLive(ServerLiveRequest r, StreamObserver<ServerLiveResponse> out) {
      out.onNext(ServerLiveResponse.newBuilder().setLive(failWith.get() == null).build());
      out.onCompleted();
    }

    @Override
    public void serverReady(ServerReadyRequest r, StreamObserver<ServerReadyResponse> out) {
      out.onNext(ServerReadyResponse.newBuilder().setReady(failWith.get() == null).build());
      out.onCompleted();
    }

    @Override
    public void repositoryModelLoad(
        RepositoryModelLoadRequest r, StreamObserver<RepositoryModelLoadResponse> out) {
      if (!r.getModelName().equals("sum")) {
        out.onError(Status.NOT_FOUND.withDescription("no model " + r.getModelName()).asException());
        return;
      }
      loads.incrementAndGet();
      out.onNext(RepositoryModelLoadResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void modelReady(ModelReadyRequest r, StreamObserver<ModelReadyResponse> out) {
      boolean ready = r.getName().equals("sum") && loads.get() > 0;
      out.onNext(ModelReadyResponse.newBuilder().setReady(ready).build());
      out.onCompleted();
    }

    @Override
    public void modelMetadata(ModelMetadataRequest r, StreamObserver<ModelMetadataResponse> out) {
      if (!r.getName().equals("sum")) {
        out.onError(Status.NOT_FOUND.withDescription("no model " + r.getName()).asException());
        return;
      }
      out.onNext(
          ModelMetadataResponse.newBuilder()
              .setName("sum")
              .addVersions("1")
              .addVersions("3")
              .setPlatform("test")
              .addInputs(tensor("IN", "FP32", -1, 4))
              .addOutputs(tensor("OUT", "FP32", -1, 1))
              .build());
      out.onCompleted();
    }

    @Override
    public void modelConfig(ModelConfigRequest r, StreamObserver<ModelConfigResponse> out) {
      ModelConfig config =
          ModelConfig.newBuilder()
              .setName("sum")
              .setMaxBatchSize(8)
              .addInput(
                  ModelInput.newBuilder()
                      .setName("IN")
                      .setDataType(io.distillery.schemas.kserve.config.DataType.TYPE_FP32)
                      .addDims(4))
              .addOutput(
                  ModelOutput.newBuilder()
                      .setName("OUT")
                      .setDataType(io.distillery.schemas.kserve.config.DataType.TYPE_FP32)
                      .addDims(1))
              .build();
      out.onNext(ModelConfigResponse.newBuilder().setConfig(config).build());
      out.onCompleted();
    }

    @Override
    public void modelInfer(ModelInferRequest r, StreamObserver<ModelInferResponse> out) {
      inferCalls.incrementAndGet();
      Status failure = failWith.get();
      if (failure != null) {
        out.onError(failure.asException());
        return;
      }
      float[] in =
          new Tensor(
                  "IN",
                  DataType.FP32,
                  Shape.of(r.getInputs(0).getShapeList().stream().mapToLong(x -> x).toArray()),
                  r.getRawInputContents(0).toByteArray())
              .floats();
      float[] sums = new float[in.length / 4];
      for (int i = 0; i < in.length; i++) {
        sums[i / 4] += in[i];
      }
      Tensor t = Tensor.ofFloats("OUT", DataType.FP32, Shape.of(sums.length, 1), sums);
      out.onNext(
          ModelInferResponse.newBuilder()
              .setModelName("sum")
              .setModelVersion("3")
              .setId(r.getId())
              .addOutputs(
                  ModelInferResponse.InferOutputTensor.newBuilder()
                      .setName("OUT")
                      .setDatatype("FP32")
                      .addShape(sums.length)
                      .addShape(1))
              .addRawOutputContents(com.google.protobuf.ByteString.copyFrom(t.raw()))
              .build());
      out.onCompleted();
    }
  }

  private static ModelMetadataResponse.TensorMetadata tensor(String name, String type, long... s) {
    ModelMetadataResponse.TensorMetadata.Builder b =
        ModelMetadataResponse.TensorMetadata.newBuilder().setName(name).setDatatype(type);
    for (long d : s) {
      b.addShape(d);
    }
    return b.build();
  }
}
