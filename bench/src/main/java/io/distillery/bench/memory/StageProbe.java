package io.distillery.bench.memory;

import io.distillery.lab.process.StageProcess;
import io.distillery.monitor.model.PartitionLag;
import io.distillery.monitor.probe.ClusterProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes one {@link MemoryWindow.Sample} of a stage process: its resident set from {@code /proc},
 * its heap (in use, committed) and non-heap pools from its Prometheus endpoint, and its progress on
 * the input topic from its consumer group's committed offsets.
 */
final class StageProbe implements AutoCloseable {

  private static final Map<String, String> HEAP = Map.of("area", "heap");
  private static final Map<String, String> NON_HEAP = Map.of("area", "nonheap");

  private final StageProcess process;
  private final URI metrics;
  private final String group;
  private final ClusterProbe cluster;
  private final Map<TopicPartition, Long> inputEnds;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param process the stage
   * @param metricsPort the stage's {@code --metrics-port}
   * @param bootstrap the broker
   * @param inputTopic what the stage reads (filled before it started; its end offsets stay put)
   * @param group the stage's consumer group (a Streams application id for the filter)
   */
  StageProbe(
      StageProcess process, int metricsPort, String bootstrap, String inputTopic, String group) {
    this.process = process;
    this.metrics = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
    this.group = group;
    this.cluster = new ClusterProbe(bootstrap, Map.of());
    this.inputEnds = cluster.endOffsets(List.of(inputTopic));
  }

  /** Records in the input topic. */
  long inputRecords() {
    return inputEnds.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A sample stamped {@code seconds}; its RSS is -1 when the process is gone. */
  MemoryWindow.Sample sample(double seconds) throws InterruptedException {
    long processed = 0;
    long backlog = 0;
    boolean committed = false;
    for (PartitionLag lag : cluster.lag(inputEnds)) {
      if (lag.group().equals(group)) {
        processed += Math.max(0, lag.committed());
        backlog += lag.lag();
        committed = true;
      }
    }
    if (!committed) {
      backlog = inputRecords();
    }
    String scrape = scrape();
    return new MemoryWindow.Sample(
        seconds,
        process.residentBytes(),
        PrometheusText.sum(scrape, "jvm_memory_used_bytes", HEAP),
        PrometheusText.sum(scrape, "jvm_memory_committed_bytes", HEAP),
        PrometheusText.sum(scrape, "jvm_memory_used_bytes", NON_HEAP),
        processed,
        backlog);
  }

  /**
   * The heap in use right after a full collection the JDK's {@code jcmd GC.run} forces, near the
   * stage's live set; NaN when {@code jcmd} is missing or fails.
   */
  double liveHeapAfterFullGc() throws InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    long pid = process.pid();
    if (!Files.isExecutable(jcmd) || pid < 0) {
      return Double.NaN;
    }
    try {
      Process gc =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
        gc.destroyForcibly();
        return Double.NaN;
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return PrometheusText.sum(scrape(), "jvm_memory_used_bytes", HEAP);
  }

  /** The stage's Prometheus exposition, empty when it is not served (yet). */
  private String scrape() throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    cluster.close();
  }
}
