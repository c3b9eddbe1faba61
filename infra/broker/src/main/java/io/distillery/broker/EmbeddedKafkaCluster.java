package io.distillery.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated KRaft cluster in this JVM: {@code n} {@link EmbeddedKafka} nodes, each a controller
 * (one quorum of n voters) and a broker, on loopback, with internal topics replicated as on a
 * production cluster (three replicas, two in sync, from three nodes up). Node {@code i} keeps its
 * data in {@code node-<i>} under the cluster's folder, so the cluster restarted on the same folder
 * and ports serves what it had, and one node can be stopped and restarted while the others run.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
  private static final long START_TIMEOUT_SECONDS = 120;

  private final Path dataDir;
  private final List<EmbeddedKafka.Member> members;
  private final List<Integer> clientPorts;
  private final Map<String, String> overrides;
  private final EmbeddedKafka[] nodes;

  private EmbeddedKafkaCluster(
      Path dataDir,
      List<EmbeddedKafka.Member> members,
      List<Integer> clientPorts,
      Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.members = List.copyOf(members);
    this.clientPorts = List.copyOf(clientPorts);
    this.overrides = Map.copyOf(overrides);
    this.nodes = new EmbeddedKafka[members.size()];
  }

  /**
   * Starts a cluster of {@code size} nodes; on a folder that holds one, the same cluster again.
   *
   * @param firstPort client port of node 1, the others on the following ports; 0 picks free ports
   * @param overrides broker configs that replace the defaults on every node
   */
  public static EmbeddedKafkaCluster start(
      Path dataDir, int size, int firstPort, Map<String, String> overrides) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
    }
    Path dir = dataDir.toAbsolutePath().normalize();
    List<Integer> clientPorts = new ArrayList<>();
    List<Integer> controllerPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      clientPorts.add(firstPort == 0 ? EmbeddedKafka.freePort() : firstPort + i);
      controllerPorts.add(EmbeddedKafka.freePort());
    }
    String voters = voters(controllerPorts);
    String clusterId = clusterId(dir);
    List<EmbeddedKafka.Member> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(new EmbeddedKafka.Member(i + 1, size, voters, controllerPorts.get(i), clusterId));
    }
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(dir, members, clientPorts, overrides);
    cluster.startAll();
    LOG.info("Embedded Kafka cluster of {} nodes serving {}", size, cluster.bootstrapServers());
    return cluster;
  }

  /** The controller quorum of nodes 1..n on {@code controllerPorts}, as KRaft's voters config. */
  public static String voters(List<Integer> controllerPorts) {
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < controllerPorts.size(); i++) {
      voters.add((i + 1) + "@" + EmbeddedKafka.HOST + ":" + controllerPorts.get(i));
    }
    return String.join(",", voters);
  }

  /** Every node's client address, comma-separated, as {@code bootstrap.servers} takes them. */
  public String bootstrapServers() {
    List<String> all = new ArrayList<>();
    clientPorts.forEach(p -> all.add(EmbeddedKafka.HOST + ":" + p));
    return String.join(",", all);
  }

  /** How many nodes the cluster has, running or not. */
  public int size() {
    return members.size();
  }

  /** The folder holding every node's data. */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether node {@code nodeId} (1-based) runs. */
  public synchronized boolean running(int nodeId) {
    return nodes[nodeId - 1] != null;
  }

  /** Shuts node {@code nodeId} (1-based) down, as a broker lost or taken out. */
  public void stop(int nodeId) {
    EmbeddedKafka node;
    synchronized (this) {
      node = nodes[nodeId - 1];
      nodes[nodeId - 1] = null;
    }
    if (node != null) {
      node.close();
    }
  }

  /** Starts node {@code nodeId} (1-based) again on its data; it catches up with the others. */
  public void restart(int nodeId) {
    if (running(nodeId)) {
      return;
    }
    EmbeddedKafka node = startNode(nodeId - 1);
    synchronized (this) {
      nodes[nodeId - 1] = node;
    }
  }

  /** Blocks until every running node has shut down (for the standalone command). */
  public void awaitShutdown() {
    EmbeddedKafka[] running;
    synchronized (this) {
      running = nodes.clone();
    }
    for (EmbeddedKafka node : running) {
      if (node != null) {
        node.awaitShutdown();
      }
    }
  }

  /**
   * Shuts every node down at once: each broker's controlled shutdown needs an active controller,
   * which nodes stopped one after the other would take away from the last ones.
   */
  @Override
  public void close() {
    List<Thread> stopping = new ArrayList<>();
    for (int id = 1; id <= size(); id++) {
      int node = id;
      Thread t = new Thread(() -> stop(node), "kafka-node-" + node + "-shutdown");
      t.start();
      stopping.add(t);
    }
    for (Thread t : stopping) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private EmbeddedKafka startNode(int index) {
    return EmbeddedKafka.startMember(
        dataDir.resolve("node-" + (index + 1)),
        clientPorts.get(index),
        members.get(index),
        overrides,
        null);
  }

  /** Starts every node at once: a node's start-up waits for a majority of the controllers. */
  private void startAll() {
    ExecutorService starter = Executors.newFixedThreadPool(size());
    List<Future<EmbeddedKafka>> started = new ArrayList<>();
    try {
      for (int i = 0; i < size(); i++) {
        int index = i;
        started.add(starter.submit(() -> startNode(index)));
      }
      for (int i = 0; i < started.size(); i++) {
        EmbeddedKafka node = started.get(i).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        synchronized (this) {
          nodes[i] = node;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      stopStarted(started);
      throw new IllegalStateException("The Kafka cluster did not start: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopStarted(started);
      throw new IllegalStateException("Interrupted while starting the Kafka cluster", e);
    } finally {
      starter.shutdownNow();
    }
  }

  /** After a failed start: stops the nodes that did come up, waiting a while for the others. */
  private void stopStarted(List<Future<EmbeddedKafka>> started) {
    synchronized (this) {
      java.util.Arrays.fill(nodes, null);
    }
    for (Future<EmbeddedKafka> node : started) {
      try {
        node.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        LOG.debug("A node that failed to start: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The cluster id kept in the cluster's folder: made on the first start, read afterwards. */
  private static String clusterId(Path dir) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("cluster.id");
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      String id = EmbeddedKafka.newClusterId();
      Files.writeString(file, id + "\n");
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the cluster id in " + dir, e);
    }
  }
}
