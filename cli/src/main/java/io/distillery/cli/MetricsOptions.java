package io.distillery.cli;

import io.distillery.monitor.metrics.PrometheusEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Option;

/** Where a stage exposes its Prometheus metrics; a picocli mixin shared by the stage commands. */
public final class MetricsOptions {

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics at http://HOST:PORT/metrics, and the probes /livez and /readyz"
              + " (0 = any free port; default: off).")
  Integer port;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}).")
  String host;

  /**
   * A registry for {@code stage}: a Prometheus one served over HTTP when {@code --metrics-port} is
   * given, else an in-memory one. The returned handle closes the endpoint.
   */
  public Metrics open(String stage) {
    if (port == null) {
      return new Metrics(new SimpleMeterRegistry(), null);
    }
    PrometheusEndpoint endpoint = PrometheusEndpoint.start(host, port, stage);
    return new Metrics(endpoint.registry(), endpoint);
  }

  /**
   * An open registry and, when served, its endpoint.
   *
   * @param registry where the stage records
   * @param endpoint the HTTP endpoint, or {@code null}
   */
  public record Metrics(MeterRegistry registry, PrometheusEndpoint endpoint)
      implements AutoCloseable {

    /** What {@code /readyz} answers from now on (nothing when no endpoint is served). */
    public void readiness(java.util.function.Supplier<PrometheusEndpoint.Readiness> check) {
      if (endpoint != null) {
        endpoint.readiness(check);
      }
    }

    @Override
    public void close() {
      if (endpoint != null) {
        endpoint.close();
      }
    }
  }
}
