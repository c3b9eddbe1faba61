package io.distillery.testkit.s3;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3 server (s3proxy 3.0.0's standalone jar, SigV4) in a JVM of its own, over jclouds'
 * filesystem store, so objects outlive a {@link #stop()} and {@link #start()}. For tests whose
 * classpath cannot hold s3proxy's libraries (DJL needs a newer Gson than jclouds); {@link S3Server}
 * runs in process and injects faults.
 */
public final class S3ProxyProcess implements AutoCloseable {

  private final Path jar;
  private final Path data;
  private final Path log;
  private final int port;
  private Process process;

  private S3ProxyProcess(Path jar, Path data, Path log, int port) {
    this.jar = jar;
    this.data = data;
    this.log = log;
    this.port = port;
  }

  /**
   * The standalone jar: {@code $S3PROXY_JAR}, else {@code target/s3proxy/s3proxy.jar} (copied there
   * by the build of modules that use it).
   */
  public static Optional<Path> jar() {
    String env = System.getenv("S3PROXY_JAR");
    if (env != null && !env.isBlank() && Files.isRegularFile(Path.of(env))) {
      return Optional.of(Path.of(env));
    }
    Path copied = Path.of("target", "s3proxy", "s3proxy.jar");
    return Files.isRegularFile(copied) ? Optional.of(copied) : Optional.empty();
  }

  /**
   * Starts the server on a free loopback port with its objects under {@code dataDir}, one folder
   * per bucket in {@code buckets}, and waits (up to a minute) until it accepts connections.
   */
  public static S3ProxyProcess start(Path jar, Path dataDir, Path logDir, String... buckets)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    for (String bucket : buckets) {
      Files.createDirectories(dataDir.resolve(bucket));
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3ProxyProcess server =
        new S3ProxyProcess(
            jar, dataDir, Files.createDirectories(logDir).resolve("s3proxy.log"), port);
    server.start();
    return server;
  }

  /** Starts the server again on the same port, with the objects it held. */
  public synchronized void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      return;
    }
    Path properties = data.resolveSibling(data.getFileName() + ".properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + S3Server.ACCESS_KEY,
            "s3proxy.credential=" + S3Server.SECRET_KEY,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
            ""));
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("s3proxy exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException(
        "s3proxy did not listen on port " + port + " within a minute; see " + log);
  }

  /** Stops the server: connections are refused until {@link #start()}. */
  public synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The endpoint ({@code http://127.0.0.1:<port>}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The keys of {@code bucket}, read from the store's folder. */
  public List<String> keys(String bucket) throws IOException {
    Path root = data.resolve(bucket);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
