package io.distillery.modelserver.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.backend.ModelBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

  /** Echoes each request's tag; the first execution waits until the test lets it go. */
  private static final class GatedBackend implements ModelBackend {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Byte> executedTags = new CopyOnWriteArrayList<>();

    @Override
    public List<List<Tensor>> execute(List<List<Tensor>> requests) throws Exception {
      started.countDown();
      release.await();
      for (List<Tensor> request : requests) {
        executedTags.add(request.get(0).raw()[0]);
      }
      return requests;
    }

    @Override
    public void close() {}
  }

  private static List<Tensor> tagged(int tag) {
    return List.of(new Tensor("IN", DataType.UINT8, Shape.of(1, 1), new byte[] {(byte) tag}));
  }

  @Test
  void requestCancelledWhileQueuedIsNeverComputedAndCountsAsFailed() throws Exception {
    GatedBackend backend = new GatedBackend();
    ModelStats stats = new ModelStats();
    DynamicBatcher batcher =
        new DynamicBatcher(
            "m/1", backend, new BatchPolicy(8, Duration.ZERO, Duration.ofSeconds(30)), stats);
    try {
      CompletableFuture<List<Tensor>> first = batcher.submit(tagged(1), 1);
      assertThat(backend.started.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<List<Tensor>> abandoned = batcher.submit(tagged(2), 1);
      CompletableFuture<List<Tensor>> waiting = batcher.submit(tagged(3), 1);
      abandoned.cancel(false);
      backend.release.countDown();

      assertThat(first.get(10, TimeUnit.SECONDS).get(0).raw()).containsExactly(1);
      assertThat(waiting.get(10, TimeUnit.SECONDS).get(0).raw()).containsExactly(3);
      assertThat(backend.executedTags).containsExactly((byte) 1, (byte) 3);
      var snapshot = stats.snapshot("m", "1");
      assertThat(snapshot.getInferenceStats().getSuccess().getCount()).isEqualTo(2);
      assertThat(snapshot.getInferenceStats().getFail().getCount()).isEqualTo(1);
    } finally {
      backend.release.countDown();
      batcher.close();
      batcher.awaitTermination(10_000);
    }
  }
}
