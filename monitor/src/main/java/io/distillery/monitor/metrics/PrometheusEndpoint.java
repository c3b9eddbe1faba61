package io.distillery.monitor.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus registry plus an HTTP endpoint serving it at {@code /metrics}, with the probes an
 * orchestrator asks: {@code /livez} (200 while the process serves) and {@code /readyz} (200 while
 * the stage's readiness check says so, else 503 with why). Stages record into {@link #registry()};
 * Prometheus scrapes the port.
 */
public final class PrometheusEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

  /**
   * What a stage says about itself.
   *
   * @param ready whether it does its work now (a labeler with its teachers bound, a filter whose
   *     streams run)
   * @param detail a line for a person: what it does, or what it waits for
   */
  public record Readiness(boolean ready, String detail) {
    /** Doing its work. */
    public static Readiness ready(String detail) {
      return new Readiness(true, detail);
    }

    /** Not (yet, or any more) doing its work. */
    public static Readiness notReady(String detail) {
      return new Readiness(false, detail);
    }
  }

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private volatile Supplier<Readiness> readiness = () -> Readiness.notReady("starting");

  private PrometheusEndpoint(PrometheusMeterRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
  }

  /**
   * Starts serving on {@code host:port} (0 picks a free port), with JVM memory and thread metrics
   * and a common {@code stage} tag.
   */
  public static PrometheusEndpoint start(String host, int port, String stage) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("stage", stage);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics on " + host + ":" + port, e);
    }
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    PrometheusEndpoint endpoint = new PrometheusEndpoint(registry, server);
    server.createContext("/livez", exchange -> answer(exchange, 200, "live"));
    server.createContext(
        "/readyz",
        exchange -> {
          Readiness now;
          try {
            now = endpoint.readiness.get();
          } catch (RuntimeException e) {
            now = Readiness.notReady("readiness check failed: " + e);
          }
          answer(
              exchange,
              now.ready() ? 200 : 503,
              (now.ready() ? "ready: " : "not ready: ") + now.detail());
        });
    server.start();
    LOG.info(
        "Prometheus metrics of {} at http://{}:{}/metrics",
        stage,
        host,
        server.getAddress().getPort());
    return endpoint;
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String text)
      throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sets the check {@code /readyz} answers with (until then: not ready, "starting"). */
  public void readiness(Supplier<Readiness> check) {
    readiness = check;
  }

  /** The registry stages record into. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The port the endpoint listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    registry.close();
  }
}
