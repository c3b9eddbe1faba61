package io.distillery.kserve.client;

import io.distillery.kserve.resilience.LeastOutstanding;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.schemas.kserve.ModelConfigResponse;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelMetadataResponse;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for several KServe v2 / Triton servers. Each call goes to the healthy server with the
 * fewest outstanding requests; retriable failures are retried with backoff (elsewhere when another
 * server is healthy); consecutive failures eject a server through its circuit breaker, and a
 * periodic ServerReady probe ejects unready servers and re-admits recovered ones. A request that
 * keeps exceeding its deadline (a teacher hanging on it) fails for good after {@link
 * ClientConfig#deadlineAttempts()}, and one larger than the message limit is never sent.
 */
public final class TritonClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TritonClient.class);

  private final ClientConfig config;
  private final List<TritonEndpoint> endpoints;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger rotation = new AtomicInteger();
  private final MeterRegistry registry;

  private TritonClient(ClientConfig config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.endpoints = config.servers().stream().map(a -> new TritonEndpoint(a, config)).toList();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "triton-client-scheduler");
              t.setDaemon(true);
              return t;
            });
    for (TritonEndpoint e : endpoints) {
      Gauge.builder("labeler.inference.outstanding", e, TritonEndpoint::outstanding)
          .tag("server", e.toString())
          .register(registry);
    }
    long interval = config.healthInterval().toNanos();
    scheduler.scheduleWithFixedDelay(this::probeHealth, interval, interval, TimeUnit.NANOSECONDS);
  }

  /** A client with one channel per configured server; health probing starts at once. */
  public static TritonClient connect(ClientConfig config, MeterRegistry registry) {
    return new TritonClient(config, registry);
  }

  /** The servers, in configured order. */
  public List<TritonEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * Reads a model's signature from the first server that answers, retrying until {@code wait}.
   *
   * @param assumedMaxBatch the max batch size to assume when the server offers no model config
   * @throws InferenceException if no server answered in time, or the model is unknown
   */
  public ModelSignature signature(String model, int assumedMaxBatch, Duration wait) {
    long end = System.nanoTime() + wait.toNanos();
    InferenceException last = null;
    for (int attempt = 1; ; attempt++) {
      for (TritonEndpoint e : endpoints) {
        try {
          ModelMetadataResponse metadata = e.modelMetadata(model, config.metadataDeadline()).join();
          return SignatureReader.read(metadata, config(e, model), assumedMaxBatch);
        } catch (RuntimeException failure) {
          last = StatusMapping.map(failure, e.toString());
          if (!last.retriable() || last.errorType().equals(StatusMapping.TLS_FAILED)) {
            throw last;
          }
        }
      }
      if (System.nanoTime() > end) {
        throw last;
      }
      sleep(config.backoff().delay(attempt, ThreadLocalRandom.current()));
    }
  }

  /** Runs {@code request} on a healthy server, retrying retriable failures by the config. */
  public CompletableFuture<InferResult> infer(ModelInferRequest request) {
    CompletableFuture<InferResult> result = new CompletableFuture<>();
    int size = request.getSerializedSize();
    if (size > config.maxInboundMessageBytes()) {
      result.completeExceptionally(
          new NonRetriableInferenceException(
              "request-too-large",
              "Inference request for model "
                  + request.getModelName()
                  + " is "
                  + size
                  + " bytes, over the message limit of "
                  + config.maxInboundMessageBytes()
                  + " bytes",
              null));
      return result;
    }
    attempt(request, 1, 0, result);
    return result;
  }

  private void attempt(
      ModelInferRequest request, int n, int deadlines, CompletableFuture<InferResult> result) {
    Optional<TritonEndpoint> chosen = choose();
    if (chosen.isEmpty()) {
      retryOrFail(
          request,
          n,
          deadlines,
          result,
          new RetriableInferenceException(
              "no-server-available",
              "No healthy inference server among " + config.servers(),
              null));
      return;
    }
    TritonEndpoint endpoint = chosen.get();
    long start = System.nanoTime();
    endpoint
        .infer(request, config.inferDeadline())
        .whenComplete(
            (response, failure) -> {
              Duration latency = Duration.ofNanos(System.nanoTime() - start);
              if (failure == null) {
                endpoint.breaker().onSuccess();
                Timer.builder("labeler.inference.latency")
                    .tag("model", request.getModelName())
                    .tag("server", endpoint.toString())
                    .register(registry)
                    .record(latency);
                result.complete(new InferResult(response, endpoint.address(), latency, n));
                return;
              }
              InferenceException mapped = StatusMapping.map(failure, endpoint.toString());
              if (mapped.retriable()) {
                endpoint.breaker().onFailure();
                boolean timedOut = mapped.errorType().equals(StatusMapping.DEADLINE_EXCEEDED);
                retryOrFail(request, n, timedOut ? deadlines + 1 : deadlines, result, mapped);
              } else {
                endpoint.breaker().onSuccess();
                result.completeExceptionally(mapped);
              }
            });
  }

  private void retryOrFail(
      ModelInferRequest request,
      int n,
      int deadlines,
      CompletableFuture<InferResult> result,
      InferenceException failure) {
    if (config.maxAttempts() > 0 && n >= config.maxAttempts()) {
      result.completeExceptionally(failure);
      return;
    }
    if (config.deadlineAttempts() > 0 && deadlines >= config.deadlineAttempts()) {
      result.completeExceptionally(
          new NonRetriableInferenceException(
              StatusMapping.DEADLINE_EXCEEDED,
              "Model "
                  + request.getModelName()
                  + " gave no answer within the deadline of "
                  + config.inferDeadline().toMillis()
                  + " ms, "
                  + deadlines
                  + " times in "
                  + n
                  + " attempts ("
                  + failure.getMessage()
                  + ")",
              failure));
      return;
    }
    Counter.builder("labeler.inference.retries")
        .tag("model", request.getModelName())
        .tag("error", failure.errorType())
        .register(registry)
        .increment();
    if (n == 1 || n % 20 == 0) {
      LOG.warn(
          "Inference on model {} failed (attempt {}), retrying: {}",
          request.getModelName(),
          n,
          failure.getMessage());
    }
    Duration delay = config.backoff().delay(n, ThreadLocalRandom.current());
    try {
      scheduler.schedule(
          () -> attempt(request, n + 1, deadlines, result), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      result.completeExceptionally(failure);
    }
  }

  private Optional<TritonEndpoint> choose() {
    int turn = rotation.getAndIncrement();
    for (int i = 0; i < endpoints.size(); i++) {
      Optional<TritonEndpoint> e =
          LeastOutstanding.choose(
              endpoints, TritonEndpoint::outstanding, x -> x.breaker().available(), turn + i);
      if (e.isEmpty()) {
        return e;
      }
      if (e.get().breaker().tryAcquire()) {
        return e;
      }
    }
    return Optional.empty();
  }

  private void probeHealth() {
    for (TritonEndpoint e : endpoints) {
      e.serverReady(config.metadataDeadline())
          .whenComplete(
              (ready, failure) -> {
                boolean ok = failure == null && Boolean.TRUE.equals(ready);
                boolean admitted =
                    e.breaker().state()
                        == io.distillery.kserve.resilience.CircuitBreaker.State.CLOSED;
                if (ok && !admitted) {
                  LOG.info("Inference server {} is ready again: re-admitted", e);
                  e.breaker().onSuccess();
                } else if (!ok && admitted) {
                  LOG.warn(
                      "Inference server {} is not ready: ejected ({})",
                      e,
                      failure == null ? "ServerReady=false" : failure.getMessage());
                  e.breaker().trip();
                }
              });
    }
  }

  private Optional<ModelConfig> config(TritonEndpoint e, String model) {
    try {
      ModelConfigResponse r = e.modelConfig(model, config.metadataDeadline()).join();
      return r.hasConfig() ? Optional.of(r.getConfig()) : Optional.empty();
    } catch (RuntimeException failure) {
      InferenceException mapped = StatusMapping.map(failure, e.toString());
      if (mapped.errorType().equals("unimplemented")) {
        return Optional.empty();
      }
      throw mapped;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableInferenceException("interrupted", "Interrupted while waiting", e);
    }
  }

  /** Stops probing and closes every channel. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    endpoints.forEach(TritonEndpoint::close);
  }
}
