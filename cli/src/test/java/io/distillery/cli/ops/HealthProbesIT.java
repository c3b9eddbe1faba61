package io.distillery.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.cli.fixture.CliProcess;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.testkit.models.SyntheticModels;
import java.io.IOException;
import java.net.ServerSocket;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes an orchestrator asks on a stage's metrics port: {@code /livez} answers as soon as the
 * process serves; {@code /readyz} says 503 while a labeler waits for a teacher that is not loaded
 * yet, and 200 once it labels; a filter is ready once its streams run.
 */
@Tag("integration")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class HealthProbesIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void shouldAnswerNotReadyWhileTheTeacherIsMissingAndReadyOnceLabeling() throws Exception {
    kafka.createTopics("fmnist", 1);
    Path repository = Files.createDirectories(dir.resolve("models"));
    int labelPort = freePort();
    int filterPort = freePort();
    try (InferenceServer server = InferenceServer.start(ServerConfig.loopback(repository, 0));
        CliProcess label =
            CliProcess.start(
                "label",
                dir.resolve("logs"),
                List.of(
                    "label",
                    "--task",
                    "fmnist",
                    "--servers",
                    "127.0.0.1:" + server.port(),
                    "--models",
                    "teacher=probe-teacher",
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--metrics-port",
                    Integer.toString(labelPort)));
        CliProcess filter =
            CliProcess.start(
                "filter",
                dir.resolve("logs"),
                List.of(
                    "filter",
                    "--task",
                    "fmnist",
                    "--partitions",
                    "1",
                    "--state-dir",
                    dir.resolve("filter-state").toString(),
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--metrics-port",
                    Integer.toString(filterPort)))) {
      Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(() -> get(labelPort, "/livez").statusCode() == 200);
      HttpResponse<String> waiting = get(labelPort, "/readyz");
      assertThat(waiting.statusCode()).as(label.log()).isEqualTo(503);
      assertThat(waiting.body())
          .contains("not ready: waiting for the teachers teacher=probe-teacher");

      // the teacher arrives: the labeler binds it and reports ready
      SyntheticModels.imageClassifier(repository, "probe-teacher", 8, Map.of());
      server.models().load("probe-teacher");
      Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> get(labelPort, "/readyz").statusCode() == 200);
      assertThat(get(labelPort, "/readyz").body()).contains("ready: labeling fmnist.raw");
      assertThat(label.alive()).isTrue();

      Awaitility.await()
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(() -> get(filterPort, "/readyz").body().equals("ready: streams RUNNING\n"));
      assertThat(get(filterPort, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(filterPort, "/livez").body()).isEqualTo("live\n");
      assertThat(get(filterPort, "/metrics").body()).contains("stage=\"filter\"");
    }
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
