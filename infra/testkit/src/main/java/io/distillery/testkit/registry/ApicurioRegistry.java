package io.distillery.testkit.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry 3.0.9 (in-memory storage) in a JVM of its own on a loopback port: a real
 * registry that speaks Confluent's schema registry API under {@code /apis/ccompat/v7}. Its output
 * goes to a log file; {@link #close()} stops it.
 */
public final class ApicurioRegistry implements AutoCloseable {

  /** The version {@code install-prerequisites.sh} unpacks. */
  public static final String VERSION = "3.0.9";

  private static final String RUNNER = "apicurio-registry-app-" + VERSION + "-runner.jar";

  private final Process process;
  private final int port;
  private final Path log;

  private ApicurioRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * The server's runner jar: {@code $APICURIO_RUNNER}, else {@code
   * .distillery/tools/apicurio-registry-<version>/} in the working directory or one of its parents.
   */
  public static Optional<Path> runner() {
    String env = System.getenv("APICURIO_RUNNER");
    if (env != null && !env.isBlank() && Files.isRegularFile(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve(".distillery/tools/apicurio-registry-" + VERSION).resolve(RUNNER);
      if (Files.isRegularFile(jar)) {
        return Optional.of(jar);
      }
    }
    return Optional.empty();
  }

  /** Starts the registry and waits (up to two minutes) until its Confluent API answers. */
  public static ApicurioRegistry start(Path logDir) throws IOException, InterruptedException {
    Path jar =
        runner()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Apicurio Registry not found: run infra/scripts/install-prerequisites.sh"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + port);
    command.add("-jar");
    command.add(jar.toString());
    Path log = Files.createDirectories(logDir).resolve("apicurio-" + port + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(jar.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ApicurioRegistry registry = new ApicurioRegistry(process, port, log);
    try {
      registry.awaitReady(Duration.ofMinutes(2));
    } catch (IOException | RuntimeException | InterruptedException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  /** The base URL of its Confluent-compatible API. */
  public String confluentUrl() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  /** What the server printed so far. */
  public String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry exited at start:\n" + log());
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Apicurio Registry not ready in " + timeout + ":\n" + log());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
