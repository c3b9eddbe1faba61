package io.distillery.kserve.client;

import io.distillery.kserve.resilience.CircuitBreaker;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for several KServe v2 / Triton servers. Each call goes to the healthy server with the
 * fewest outstanding requests; retriable failures are retried with backoff (elsewhere when another
 * server is healthy); consecutive failures eject a server through its circuit breaker, and a
 * periodic probe (ServerLive, and ModelReady for each {@link #watch watched} model) ejects servers
 * that cannot serve and re-admits recovered ones. A request that keeps exceeding its deadline (a
 * teacher hanging on it) fails for good after {@link ClientConfig#deadlineAttempts()}, and one
 * larger than the message limit is never sent.
 */
public final class TritonClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TritonClient.class);

  private final ClientConfig config;
  private final List<TritonEndpoint> endpoints;
  private final ScheduledExecutorService scheduler;
  private final AtomicInteger rotation = new AtomicInteger();
  private final MeterRegistry registry;
  private volatile List<String> watched = List.of();

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
      Gauge.builder("distillery.labeler.inference.outstanding", e, TritonEndpoint::outstanding)
          .description("Inference requests sent to the server and not yet answered")
          .tag("server", e.toString())
          .register(registry);
      Gauge.builder(
              "distillery.labeler.server.available",
              e,
              x -> x.breaker().state() == CircuitBreaker.State.OPEN ? 0 : 1)
          .description(
              "1 while the server is in rotation, 0 while it is ejected (circuit breaker open:"
                  + " consecutive failures, not live, or a needed model not ready)")
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
    return infer(request, false);
  }

  /**
   * Runs {@code request} as {@link #infer(ModelInferRequest)}, on the streaming RPC when {@code
   * streaming} (a decoupled model, which the unary RPC refuses).
   */
  public CompletableFuture<InferResult> infer(ModelInferRequest request, boolean streaming) {
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
    attempt(request, streaming, 1, 0, result);
    return result;
  }

  private void attempt(
      ModelInferRequest request,
      boolean streaming,
      int n,
      int deadlines,
      CompletableFuture<InferResult> result) {
    Optional<TritonEndpoint> chosen = choose();
    if (chosen.isEmpty()) {
      retryOrFail(
          request,
          streaming,
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
    (streaming
            ? endpoint.streamInfer(request, config.inferDeadline())
            : endpoint.infer(request, config.inferDeadline()))
        .whenComplete(
            (response, failure) -> {
              Duration latency = Duration.ofNanos(System.nanoTime() - start);
              if (failure == null) {
                endpoint.breaker().onSuccess();
                Timer.builder("distillery.labeler.inference")
                    .description("Time of one inference request to a teacher, by server and model")
                    .publishPercentileHistogram()
                    .tag("model", request.getModelName())
                    .tag("server", endpoint.toString())
                    .register(registry)
                    .record(latency);
                result.complete(new InferResult(response, endpoint.address(), latency, n));
                return;
              }
              InferenceException mapped = StatusMapping.map(failure, endpoint.toString());
              Counter.builder("distillery.labeler.inference.errors")
                  .description("Failed inference requests, by server, model and error type")
                  .tag("server", endpoint.toString())
                  .tag("model", request.getModelName())
                  .tag("error", mapped.errorType())
                  .register(registry)
                  .increment();
              if (mapped.retriable()) {
                endpoint.breaker().onFailure();
                boolean timedOut = mapped.errorType().equals(StatusMapping.DEADLINE_EXCEEDED);
                retryOrFail(
                    request, streaming, n, timedOut ? deadlines + 1 : deadlines, result, mapped);
              } else {
                endpoint.breaker().onSuccess();
                result.completeExceptionally(mapped);
              }
            });
  }

  private void retryOrFail(
      ModelInferRequest request,
      boolean streaming,
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
    Counter.builder("distillery.labeler.inference.retries")
        .description("Inference requests retried, by model and the error that caused it")
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
          () -> attempt(request, streaming, n + 1, deadlines, result),
          delay.toNanos(),
          TimeUnit.NANOSECONDS);
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

  /**
   * The models every server must serve: from now on a server is in rotation while it is live
   * (ServerLive) and each of these is ready on it (ModelReady), whatever other models it has. So a
   * Triton in strict-readiness mode that reports not-ready because an unrelated model failed to
   * load keeps serving the teacher.
   */
  public void watch(List<String> models) {
    watched = List.copyOf(models);
  }

  /**
   * Waits until each of {@code models} is ready on at least one server, reporting progress every
   * few seconds, for a teacher that is still loading (NOT_FOUND, UNAVAILABLE or not ready).
   *
   * @param progress receives a line such as "waiting for model asr-teacher: not ready on any of
   *     [localhost:8001] (12 s of 300 s)"
   * @throws InferenceException when a model is not ready within {@code wait}, with the last answer
   */
  public void awaitModels(List<String> models, Duration wait, Consumer<String> progress) {
    long start = System.nanoTime();
    long end = start + wait.toNanos();
    long nextReport = start;
    for (int attempt = 1; ; attempt++) {
      List<String> missing = new ArrayList<>();
      String lastAnswer = "";
      for (String model : models) {
        boolean ready = false;
        for (TritonEndpoint e : endpoints) {
          try {
            ready |= e.modelReady(model, "", config.metadataDeadline()).join();
            if (!ready) {
              lastAnswer = e + " answered ModelReady=false";
            }
          } catch (RuntimeException failure) {
            InferenceException mapped = StatusMapping.map(failure, e.toString());
            if (!mapped.retriable() || mapped.errorType().equals(StatusMapping.TLS_FAILED)) {
              // a refused handshake or a server that cannot answer ModelReady: waiting won't help
              throw mapped;
            }
            lastAnswer = mapped.getMessage();
          }
          if (ready) {
            break;
          }
        }
        if (!ready) {
          missing.add(model);
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      long now = System.nanoTime();
      if (now > end) {
        throw new NonRetriableInferenceException(
            "model-not-ready",
            "Model(s) "
                + missing
                + " not ready on any of "
                + config.servers()
                + " after "
                + wait.toSeconds()
                + " s ("
                + lastAnswer
                + "); load them (Triton: --model-control-mode=explicit --load-model NAME, or"
                + " poll mode) or wait longer",
            null);
      }
      if (now >= nextReport) {
        progress.accept(
            "waiting for model(s) "
                + missing
                + ": not ready on any of "
                + config.servers()
                + " ("
                + Duration.ofNanos(now - start).toSeconds()
                + " s of "
                + wait.toSeconds()
                + " s; "
                + lastAnswer
                + ")");
        nextReport = now + Duration.ofSeconds(5).toNanos();
      }
      sleep(config.backoff().delay(Math.min(attempt, 4), ThreadLocalRandom.current()));
    }
  }

  private void probeHealth() {
    List<String> models = watched;
    for (TritonEndpoint e : endpoints) {
      health(e, models)
          .whenComplete(
              (notReady, failure) -> {
                boolean ok = failure == null && notReady.isEmpty();
                boolean admitted = e.breaker().state() == CircuitBreaker.State.CLOSED;
                if (ok && !admitted) {
                  LOG.info("Inference server {} is ready again: re-admitted", e);
                  e.breaker().onSuccess();
                } else if (!ok && admitted) {
                  LOG.warn(
                      "Inference server {} is not ready: ejected ({})",
                      e,
                      failure == null ? notReady : failure.getMessage());
                  e.breaker().trip();
                }
              });
    }
  }

  /** Empty when {@code e} is live and serves every model, else what is not ready. */
  private CompletableFuture<String> health(TritonEndpoint e, List<String> models) {
    Duration deadline = config.metadataDeadline();
    return e.serverLive(deadline)
        .thenCompose(
            live -> {
              if (!live) {
                return CompletableFuture.completedFuture("ServerLive=false");
              }
              List<CompletableFuture<String>> checks =
                  models.stream()
                      .map(
                          m ->
                              e.modelReady(m, "", deadline)
                                  .thenApply(ready -> ready ? "" : "model " + m + " not ready"))
                      .toList();
              return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                  .thenApply(
                      v ->
                          String.join(
                              ", ",
                              checks.stream()
                                  .map(CompletableFuture::join)
                                  .filter(x -> !x.isEmpty())
                                  .toList()));
            });
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
