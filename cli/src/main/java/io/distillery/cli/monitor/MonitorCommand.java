package io.distillery.cli.monitor;

import io.distillery.cli.KafkaOptions;
import io.distillery.monitor.Monitor;
import io.distillery.monitor.probe.MonitorException;
import io.distillery.monitor.view.TerminalView;
import io.distillery.monitor.web.MonitorWebServer;
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

  @Override
  public Integer call() throws InterruptedException {
    try (Monitor monitor = new Monitor(kafka.bootstrapServers(), kafka.clientOverrides(), tasks);
        MonitorWebServer web =
            webPort == null ? null : new MonitorWebServer(monitor, webHost, webPort)) {
      if (web != null) {
        System.out.println("Monitor web page: http://" + webHost + ":" + web.port() + "/");
      }
      boolean terminal = System.console() != null;
      while (true) {
        try {
          String screen = TerminalView.render(monitor.refresh(), perPartition);
          System.out.print(terminal && !once ? "\033[H\033[2J" + screen : screen + "\n");
          System.out.flush();
        } catch (MonitorException e) {
          LOG.warn("Monitor refresh failed, retrying: {}", e.getMessage());
        }
        if (once) {
          return 0;
        }
        Thread.sleep((long) (intervalSeconds * 1000));
      }
    }
  }
}
