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
 * A real Kafka node in this JVM, KRaft controller and broker at once, listening on loopback: a
 * whole single-node cluster ({@link #start(Path, int)}) or one member of a larger one ({@link
 * #startMember}). Its data directory is formatted on first start and reused afterwards, so a node
 * restarted on the same directory serves everything it had.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  static final String HOST = "127.0.0.1";

  /**
   * Where one node sits in its cluster.
   *
   * @param nodeId this node's id, 1 to {@code size}
   * @param size how many nodes the cluster has
   * @param voters the controller quorum, {@code id@host:port} comma-separated, this node included
   * @param controllerPort this node's controller port (its entry in {@code voters})
   * @param clusterId the id every node of the cluster is formatted with
   */
  public record Member(int nodeId, int size, String voters, int controllerPort, String clusterId) {

    /** Validates at once. */
    public Member {
      if (nodeId < 1 || nodeId > size) {
        throw new IllegalArgumentException("node id " + nodeId + " outside 1.." + size);
      }
    }

    /** The only node of a single-node cluster, with a new cluster id. */
    static Member alone() {
      int controller = freePort();
      return new Member(1, 1, "1@" + HOST + ":" + controller, controller, newClusterId());
    }
  }

  private final Path dataDir;
  private final int port;
  private final int sslPort;
  private final int nodeId;
  private final KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, int port, int sslPort, int nodeId, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.port = port;
    this.sslPort = sslPort;
    this.nodeId = nodeId;
    this.server = server;
  }

  /**
   * Starts a single-node cluster that keeps its data in {@code dataDir} and listens on {@code
   * port}.
   *
   * @param dataDir created and formatted if new, reused if it already holds a broker's data
   * @param port the client port; 0 picks a free one
   * @param overrides broker configs that replace the defaults (e.g. SSL listener settings)
   */
  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    return start(dataDir, port, overrides, null);
  }

  /**
   * Starts a single-node cluster that also opens a TLS listener on a free port.
   *
   * @param ssl the TLS listener's certificates, or {@code null} for plaintext only
   */
  public static EmbeddedKafka start(
      Path dataDir, int port, Map<String, String> overrides, SslListener ssl) {
    return startMember(dataDir, port, Member.alone(), overrides, ssl);
  }

  /** Starts a single-node cluster with the default settings. */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /**
   * Starts one node of a larger cluster. Returns once the node serves, which needs a majority of
   * the controller quorum running: start the members of a new cluster at the same time.
   *
   * @param port the client port; 0 picks a free one
   * @param ssl a TLS listener's certificates, or {@code null} for plaintext only
   */
  public static EmbeddedKafka startMember(
      Path dataDir, int port, Member member, Map<String, String> overrides, SslListener ssl) {
    Path dir = dataDir.toAbsolutePath().normalize();
    int clientPort = port == 0 ? freePort() : port;
    Properties props =
        BrokerProperties.node(
            dir,
            HOST,
            member.nodeId(),
            clientPort,
            member.controllerPort(),
            member.voters(),
            member.size());
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
    formatIfNew(dir, member);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info(
        "Embedded Kafka node {} of {} serving {}:{} from {}",
        member.nodeId(),
        member.size(),
        HOST,
        clientPort,
        dir);
    return new EmbeddedKafka(dir, clientPort, sslPort, member.nodeId(), server);
  }

  /** The {@code bootstrap.servers} value clients use to reach this node. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The bootstrap servers of the TLS listener; fails if the node has none. */
  public String sslBootstrapServers() {
    if (sslPort < 0) {
      throw new IllegalStateException("This broker was started without a TLS listener");
    }
    return HOST + ":" + sslPort;
  }

  /** The directory holding the node's logs and metadata. */
  public Path dataDir() {
    return dataDir;
  }

  /** Blocks until the node has shut down (for the standalone command). */
  public void awaitShutdown() {
    server.awaitShutdown();
  }

  /** Shuts the node down cleanly; its data stays in {@link #dataDir()}. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Embedded Kafka node {} on port {} stopped", nodeId, port);
  }

  /** A new random cluster id, as {@code kafka-storage random-uuid} makes. */
  public static String newClusterId() {
    return Uuid.randomUuid().toString();
  }

  private static void formatIfNew(Path dir, Member member) {
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve("meta.properties"))) {
        return;
      }
      new Formatter()
          .setClusterId(member.clusterId())
          .setNodeId(member.nodeId())
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

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }
}
