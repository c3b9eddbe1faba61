package io.distillery.cli.monitor;

import io.distillery.cli.KafkaOptions;
import io.distillery.monitor.Monitor;
import io.distillery.monitor.metrics.MonitorMetrics;
import io.distillery.monitor.metrics.PrometheusEndpoint;
import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.probe.MonitorException;
import io.distillery.monitor.view.TerminalView;
import io.distillery.monitor.web.MonitorWebServer;
import io.distillery.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillery monitor}: lag, rates, acceptance, dead letters and student versions, live. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Watches a Distillery cluster: per task, records/s per topic, consumer lag per group and",
      "partition, acceptance rate and recent rejection reasons, dead letters and last errors,",
      "student versions and their metrics. Works against any cluster, not only the demo."
    })
public final class MonitorCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorCommand.class);

  @Mixin KafkaOptions kafka;

  @Option(names = "--task", description = "Task to show; repeatable (default: every task).")
  Set<String> tasks = new LinkedHashSet<>();

  @Option(
      names = "--web",
      paramLabel = "PORT",
      description = "Also serve a web page with live charts on this port (0 = any free port).")
  Integer webPort;

  @Option(
      names = "--web-host",
      defaultValue = "127.0.0.1",
      description = "Address the web page listens on (default: ${DEFAULT-VALUE}).")
  String webHost;

  @Option(
      names = "--interval",
      defaultValue = "2",
      description = "Seconds between refreshes (default: ${DEFAULT-VALUE}).")
  double intervalSeconds;

  @Option(names = "--per-partition", description = "Show lag per partition, not only per group.")
  boolean perPartition;

  @Option(names = "--once", description = "Print one snapshot and exit.")
  boolean once;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the cluster view as Prometheus metrics at /metrics on this port (0 = any free"
              + " port): lag per group and partition (kafka-lag-exporter's names), partition"
              + " status, records and records/s per topic, acceptance, dead letters, student"
              + " version and quality.")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      description = "Address the metrics listen on (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Option(
      names = "--quiet",
      description = "No terminal view: only the web page and the metrics (for running headless).")
  boolean quiet;

  @Option(
      names = "--stall-window-s",
      defaultValue = "60",
      description =
          "A partition whose committed offset does not move for this long while it has lag is"
              + " STALL; lag that only grows over it is WARN (default: ${DEFAULT-VALUE}).")
  long stallWindowSeconds;

  @Override
  public Integer call() throws InterruptedException {
    try (Monitor monitor =
            new Monitor(
                kafka.bootstrapServers(),
                kafka.clientOverrides(),
                tasks,
                Duration.ofSeconds(stallWindowSeconds));
        MonitorWebServer web =
            webPort == null ? null : new MonitorWebServer(monitor, webHost, webPort);
        PrometheusEndpoint metrics =
            metricsPort == null
                ? null
                : PrometheusEndpoint.start(metricsHost, metricsPort, "monitor")) {
      if (web != null) {
        System.out.println("Monitor web page: http://" + webHost + ":" + web.port() + "/");
      }
      MonitorMetrics exported = metrics == null ? null : new MonitorMetrics(metrics.registry());
      if (metrics != null) {
        System.out.println(
            "Monitor metrics: http://" + metricsHost + ":" + metrics.port() + "/metrics");
      }
      boolean terminal = System.console() != null;
      while (true) {
        try {
          Snapshot snapshot = monitor.refresh();
          if (exported != null) {
            exported.update(snapshot);
            long at = snapshot.takenAt();
            metrics.readiness(
                () ->
                    PrometheusEndpoint.Readiness.ready(
                        "last refresh at " + java.time.Instant.ofEpochMilli(at)));
          }
          if (!quiet) {
            String screen = TerminalView.render(snapshot, perPartition);
            System.out.print(terminal && !once ? "\033[H\033[2J" + screen : screen + "\n");
            System.out.flush();
          }
        } catch (MonitorException | SchemaRegistryException e) {
          LOG.warn("Monitor refresh failed, retrying: {}", e.getMessage());
          if (metrics != null) {
            String why = e.getMessage();
            metrics.readiness(
                () -> PrometheusEndpoint.Readiness.notReady("refresh failed: " + why));
          }
        }
        if (once) {
          return 0;
        }
        Thread.sleep((long) (intervalSeconds * 1000));
      }
    }
  }
}
