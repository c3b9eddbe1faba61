package io.distillery.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in this JVM: one node acting as KRaft controller and broker, listening on
 * loopback. Its data directory is formatted on first start and reused afterwards, so a broker
 * restarted on the same directory serves everything produced before.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";

  private final Path dataDir;
  private final int port;
  private final int sslPort;
  private final KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, int port, int sslPort, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.port = port;
    this.sslPort = sslPort;
    this.server = server;
  }

  /**
   * Starts a broker that keeps its data in {@code dataDir} and listens on {@code port}.
   *
   * @param dataDir created and formatted if new, reused if it already holds a broker's data
   * @param port the client port; 0 picks a free one
   * @param overrides broker configs that replace the defaults (e.g. SSL listener settings)
   */
  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    return start(dataDir, port, overrides, null);
  }

  /**
   * Starts a broker that also opens a TLS listener on a free port.
   *
   * @param ssl the TLS listener's certificates, or {@code null} for plaintext only
   */
  public static EmbeddedKafka start(
      Path dataDir, int port, Map<String, String> overrides, SslListener ssl) {
    Path dir = dataDir.toAbsolutePath().normalize();
    int clientPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties props = BrokerProperties.singleNode(dir, HOST, clientPort, controllerPort);
    int sslPort = -1;
    if (ssl != null) {
      sslPort = freePort();
      props.put("listeners", props.getProperty("listeners") + ",SSL://" + HOST + ":" + sslPort);
      props.put(
          "advertised.listeners",
          props.getProperty("advertised.listeners") + ",SSL://" + HOST + ":" + sslPort);
      props.putAll(ssl.brokerSettings());
    }
    props.putAll(overrides);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    formatIfNew(dir, config);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info("Embedded Kafka broker serving {}:{} from {}", HOST, clientPort, dir);
    return new EmbeddedKafka(dir, clientPort, sslPort, server);
  }

  /** Starts a broker with the default single-node settings. */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /** The {@code bootstrap.servers} value clients use to reach this broker. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The bootstrap servers of the TLS listener; fails if the broker has none. */
  public String sslBootstrapServers() {
    if (sslPort < 0) {
      throw new IllegalStateException("This broker was started without a TLS listener");
    }
    return HOST + ":" + sslPort;
  }

  /** The directory holding the broker's logs and metadata. */
  public Path dataDir() {
    return dataDir;
  }

  /** Blocks until the broker has shut down (for the standalone command). */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  /** Shuts the broker down cleanly; its data stays in {@link #dataDir()}. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Embedded Kafka broker on port {} stopped", port);
  }

  private static void formatIfNew(Path dir, KafkaConfig config) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve("meta.properties"))) {
        return;
      }
      new Formatter()
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(BrokerProperties.NODE_ID)
          .addDirectory(dir.toString())
          .setMetadataLogDirectory(dir.toString())
          .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setIgnoreFormatted(true)
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .run();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the broker data directory " + dir, e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format the broker data directory " + dir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }
}
