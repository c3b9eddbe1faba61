package io.distillery.bench;

import com.google.protobuf.ByteString;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The teacher's capacity, measured: a client that keeps several full batches in flight (so the
 * server's queue is never empty) and counts the rows answered per second over a window after a
 * warm-up. Nothing else runs meanwhile, so no Kafka or labeler cost is in the figure.
 */
final class TeacherCapacity {

  private TeacherCapacity() {}

  /** Rows per second the model answers when saturated with {@code rows}-row requests. */
  static double rowsPerSecond(int port, int rows, int inFlight, Duration warmUp, Duration window)
      throws InterruptedException {
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .maxInboundMessageSize(64 << 20)
            .build();
    try {
      GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub =
          GRPCInferenceServiceGrpc.newStub(channel);
      ModelInferRequest request = request(rows);
      Semaphore slots = new Semaphore(inFlight);
      AtomicLong answered = new AtomicLong();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long start = System.nanoTime();
      long measureFrom = start + warmUp.toNanos();
      long measureTo = measureFrom + window.toNanos();
      long fromCount = -1;
      long fromNanos = 0;
      while (System.nanoTime() < measureTo) {
        if (failure.get() != null) {
          throw new IllegalStateException("capacity request failed", failure.get());
        }
        if (fromCount < 0 && System.nanoTime() >= measureFrom) {
          fromNanos = System.nanoTime();
          fromCount = answered.get();
        }
        if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          continue;
        }
        stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .modelInfer(request, observer(slots, answered, failure, rows));
      }
      long toCount = answered.get();
      long toNanos = System.nanoTime();
      slots.acquire(inFlight);
      return (toCount - fromCount) / ((toNanos - fromNanos) / 1e9);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static StreamObserver<ModelInferResponse> observer(
      Semaphore slots, AtomicLong answered, AtomicReference<Throwable> failure, int rows) {
    return new StreamObserver<>() {
      @Override
      public void onNext(ModelInferResponse response) {
        answered.addAndGet(rows);
      }

      @Override
      public void onError(Throwable t) {
        failure.compareAndSet(null, t);
        slots.release();
      }

      @Override
      public void onCompleted() {
        slots.release();
      }
    };
  }

  private static ModelInferRequest request(int rows) {
    byte[] data = new byte[rows * 28 * 28 * 4];
    Random random = new Random(7);
    for (int i = 0; i < data.length; i += 4) {
      int bits = Float.floatToIntBits(random.nextFloat());
      data[i] = (byte) bits;
      data[i + 1] = (byte) (bits >> 8);
      data[i + 2] = (byte) (bits >> 16);
      data[i + 3] = (byte) (bits >> 24);
    }
    return ModelInferRequest.newBuilder()
        .setModelName(BenchTeacher.NAME)
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName(BenchTeacher.INPUT)
                .setDatatype("FP32")
                .addShape(rows)
                .addShape(1)
                .addShape(28)
                .addShape(28))
        .addRawInputContents(ByteString.copyFrom(data))
        .build();
  }
}
