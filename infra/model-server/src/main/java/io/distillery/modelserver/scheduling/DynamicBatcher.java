package io.distillery.modelserver.scheduling;

import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.modelserver.ServingException.Reason;
import io.distillery.modelserver.backend.ModelBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of one model version: a single thread takes queued requests, groups them per the
 * {@link BatchPolicy}, runs the backend (bounded by the execution timeout) and completes each
 * request's future with its outputs or a {@link ServingException}. Closing drains what was queued,
 * then closes the backend, so an old version keeps answering while a new one takes over.
 */
public final class DynamicBatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DynamicBatcher.class);

  private record Pending(
      List<Tensor> inputs, int rows, long enqueuedNanos, CompletableFuture<List<Tensor>> result) {}

  private static final Pending STOP = new Pending(List.of(), 0, 0, null);

  private final String label;
  private final ModelBackend backend;
  private final BatchPolicy policy;
  private final ModelStats stats;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private ExecutorService runner;
  private Pending carried;
  private volatile boolean closed;

  /** Starts the scheduler thread of a loaded model version. */
  public DynamicBatcher(String label, ModelBackend backend, BatchPolicy policy, ModelStats stats) {
    this.label = label;
    this.backend = backend;
    this.policy = policy;
    this.stats = stats;
    this.runner = newRunner();
    this.worker = new Thread(this::loop, "batcher-" + label);
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /**
   * Queues a validated request of {@code rows} batch rows; the future yields its outputs.
   * Cancelling the future before its batch starts keeps the request from being computed at all.
   */
  public synchronized CompletableFuture<List<Tensor>> submit(List<Tensor> inputs, int rows) {
    CompletableFuture<List<Tensor>> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(
          new ServingException(Reason.UNAVAILABLE, label + " is unloading"));
      return result;
    }
    try {
      backend.check(inputs);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    queue.add(new Pending(inputs, rows, System.nanoTime(), result));
    return result;
  }

  private void loop() {
    try {
      while (true) {
        Pending first = carried != null ? carried : queue.take();
        carried = null;
        if (first == STOP) {
          break;
        }
        List<Pending> batch = live(gather(first));
        if (!batch.isEmpty()) {
          runBatch(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      failRemaining();
      runner.shutdownNow();
      backend.close();
      log.info("{}: unloaded", label);
    }
  }

  private List<Pending> gather(Pending first) throws InterruptedException {
    List<Pending> batch = new ArrayList<>(List.of(first));
    int rows = first.rows();
    long deadline = first.enqueuedNanos() + policy.maxQueueDelay().toNanos();
    while (rows < policy.maxBatchRows()) {
      long wait = deadline - System.nanoTime();
      Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
      if (next == null) {
        break;
      }
      if (next == STOP || rows + next.rows() > policy.maxBatchRows()) {
        carried = next;
        break;
      }
      batch.add(next);
      rows += next.rows();
    }
    return batch;
  }

  /**
   * Drops the requests whose caller has gone (the call was cancelled or its deadline passed while
   * queued): computing them would only delay the requests still waiting.
   */
  private List<Pending> live(List<Pending> batch) {
    List<Pending> live = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      if (p.result().isDone()) {
        stats.failed(System.nanoTime() - p.enqueuedNanos());
      } else {
        live.add(p);
      }
    }
    return live;
  }

  private void runBatch(List<Pending> batch) throws InterruptedException {
    long start = System.nanoTime();
    batch.forEach(p -> stats.queued(start - p.enqueuedNanos()));
    List<List<Tensor>> inputs = batch.stream().map(Pending::inputs).toList();
    Future<List<List<Tensor>>> execution = runner.submit(() -> backend.execute(inputs));
    try {
      List<List<Tensor>> outputs =
          execution.get(policy.executionTimeout().toMillis(), TimeUnit.MILLISECONDS);
      long computed = System.nanoTime();
      stats.execution(batch.stream().mapToInt(Pending::rows).sum(), batch.size(), computed - start);
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        stats.succeeded(p.rows(), System.nanoTime() - p.enqueuedNanos());
        p.result().complete(outputs.get(i));
      }
    } catch (TimeoutException e) {
      execution.cancel(true);
      runner.shutdownNow();
      runner = newRunner();
      log.warn(
          "{}: execution of {} requests exceeded {}",
          label,
          batch.size(),
          policy.executionTimeout());
      fail(
          batch,
          new ServingException(
              Reason.UNAVAILABLE,
              label + " did not answer within " + policy.executionTimeout().toMillis() + " ms"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      log.warn("{}: execution of {} requests failed", label, batch.size(), cause);
      fail(
          batch,
          cause instanceof ServingException se
              ? se
              : new ServingException(Reason.INTERNAL, label + " failed: " + cause, cause));
    }
  }

  private void fail(List<Pending> batch, ServingException error) {
    for (Pending p : batch) {
      stats.failed(System.nanoTime() - p.enqueuedNanos());
      p.result().completeExceptionally(error);
    }
  }

  private void failRemaining() {
    List<Pending> left = new ArrayList<>();
    if (carried != null && carried != STOP) {
      left.add(carried);
    }
    queue.drainTo(left);
    left.removeIf(p -> p == STOP);
    fail(left, new ServingException(Reason.UNAVAILABLE, label + " was unloaded"));
  }

  private ExecutorService newRunner() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "model-" + label);
          t.setDaemon(true);
          return t;
        });
  }

  /** Stops taking requests, answers the queued ones, then closes the backend. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      queue.add(STOP);
    }
  }

  /** Waits for the scheduler thread to finish after {@link #close()}. */
  public void awaitTermination(long millis) throws InterruptedException {
    worker.join(millis);
  }
}
