package io.distillery.modelserver;

import com.google.protobuf.ByteString;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A model repository in a temp folder, a server on loopback over it, and a real client channel. */
final class ServingFixture implements AutoCloseable {

  final Path root;
  InferenceServer server;
  ManagedChannel channel;

  ServingFixture(Path root) {
    this.root = root;
  }

  void model(String name, String configText, long... versions) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve("config.pbtxt"), configText, StandardCharsets.UTF_8);
    for (long v : versions) {
      Files.createDirectories(dir.resolve(Long.toString(v)));
    }
  }

  GRPCInferenceServiceBlockingStub start() throws IOException {
    return start(ServerConfig.loopback(root, 0));
  }

  /** Starts a server with {@code config} (its repository should be this fixture's root). */
  GRPCInferenceServiceBlockingStub start(ServerConfig config) throws IOException {
    server = InferenceServer.start(config);
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port())
            .usePlaintext()
            .maxInboundMessageSize(ServerConfig.DEFAULT_MAX_MESSAGE_BYTES)
            .build();
    return stub();
  }

  GRPCInferenceServiceBlockingStub stub() {
    return GRPCInferenceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  static ModelInferRequest fp32Request(String model, String input, long[] shape, float... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    ModelInferRequest.InferInputTensor.Builder tensor =
        ModelInferRequest.InferInputTensor.newBuilder().setName(input).setDatatype("FP32");
    for (long d : shape) {
      tensor.addShape(d);
    }
    return ModelInferRequest.newBuilder()
        .setModelName(model)
        .addInputs(tensor)
        .addRawInputContents(ByteString.copyFrom(raw.flip()))
        .build();
  }

  static float[] floats(ByteString raw) {
    ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[buffer.remaining() / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = buffer.getFloat();
    }
    return out;
  }

  static List<Long> shape(long... dims) {
    return java.util.Arrays.stream(dims).boxed().toList();
  }

  @Override
  public void close() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }
}
