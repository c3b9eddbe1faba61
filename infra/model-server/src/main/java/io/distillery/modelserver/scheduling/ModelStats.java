package io.distillery.modelserver.scheduling;

import io.distillery.schemas.kserve.InferBatchStatistics;
import io.distillery.schemas.kserve.InferStatistics;
import io.distillery.schemas.kserve.ModelStatistics;
import io.distillery.schemas.kserve.StatisticDuration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cumulative statistics of one model version with Triton's meaning: inference count in batch rows,
 * execution count in model executions, per-request success / fail / queue / compute-infer durations
 * (compute-infer: the duration of the execution the request was part of), per-batch-size
 * executions.
 */
public final class ModelStats {

  private final AtomicLong inferenceCount = new AtomicLong();
  private final AtomicLong executionCount = new AtomicLong();
  private final AtomicLong lastInferenceMillis = new AtomicLong();
  private final Duration success = new Duration();
  private final Duration fail = new Duration();
  private final Duration queue = new Duration();
  private final Duration computeInfer = new Duration();
  private final Map<Long, Duration> byBatchSize = new ConcurrentSkipListMap<>();

  /** Records one execution of {@code rows} batch rows from {@code requests} requests. */
  public void execution(int rows, int requests, long computeNanos) {
    executionCount.incrementAndGet();
    byBatchSize.computeIfAbsent((long) rows, r -> new Duration()).add(computeNanos);
    for (int i = 0; i < requests; i++) {
      computeInfer.add(computeNanos);
    }
  }

  /** Records the time a request waited before its execution started. */
  public void queued(long queueNanos) {
    queue.add(queueNanos);
  }

  /** Records a request answered successfully with {@code rows} batch rows. */
  public void succeeded(int rows, long totalNanos) {
    inferenceCount.addAndGet(rows);
    success.add(totalNanos);
    lastInferenceMillis.set(System.currentTimeMillis());
  }

  /** Records a failed request. */
  public void failed(long totalNanos) {
    fail.add(totalNanos);
    lastInferenceMillis.set(System.currentTimeMillis());
  }

  /** The statistics as the protocol reports them. */
  public ModelStatistics snapshot(String name, String version) {
    ModelStatistics.Builder out =
        ModelStatistics.newBuilder()
            .setName(name)
            .setVersion(version)
            .setLastInference(lastInferenceMillis.get())
            .setInferenceCount(inferenceCount.get())
            .setExecutionCount(executionCount.get())
            .setInferenceStats(
                InferStatistics.newBuilder()
                    .setSuccess(success.proto())
                    .setFail(fail.proto())
                    .setQueue(queue.proto())
                    .setComputeInfer(computeInfer.proto()));
    byBatchSize.forEach(
        (size, d) ->
            out.addBatchStats(
                InferBatchStatistics.newBuilder().setBatchSize(size).setComputeInfer(d.proto())));
    return out.build();
  }

  private static final class Duration {
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();

    void add(long ns) {
      count.incrementAndGet();
      nanos.addAndGet(ns);
    }

    StatisticDuration proto() {
      return StatisticDuration.newBuilder().setCount(count.get()).setNs(nanos.get()).build();
    }
  }
}
