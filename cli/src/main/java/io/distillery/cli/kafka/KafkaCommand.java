package io.distillery.cli.kafka;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.broker.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code distillery kafka}: a local KRaft cluster that keeps its data: one node, {@code --brokers
 * N} nodes in this process, or one node of a cluster whose nodes run as separate processes.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local KRaft Kafka cluster in this process until Ctrl-C: one node, or --brokers N"
          + " replicated nodes (topics the product creates then get 3 replicas, 2 in sync).",
      "With --node-id, --quorum and --cluster-id it runs one node of a cluster whose nodes are"
          + " separate processes (each with its own --data-dir, --port and --controller-port).",
      "Data stays in --data-dir: restarted on the same directory it serves what it had."
    })
public final class KafkaCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = ".distillery/kafka",
      description = "Data directory (default: ${DEFAULT-VALUE}); one folder per node under it.")
  Path dataDir;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description =
          "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}; the next nodes take the next ports;"
              + " 0 = any free port).")
  int port;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      description = "Nodes of the cluster in this process (default: ${DEFAULT-VALUE}).")
  int brokers;

  @ArgGroup(exclusive = false)
  MemberOptions member;

  /** One node of a cluster of processes. */
  static final class MemberOptions {
    @Option(names = "--node-id", required = true, description = "This node's id, 1..N.")
    int nodeId;

    @Option(
        names = "--quorum",
        required = true,
        paramLabel = "ID@HOST:PORT,...",
        description = "Every node's controller address, this one included.")
    String quorum;

    @Option(
        names = "--controller-port",
        required = true,
        description = "This node's controller port (its entry in --quorum).")
    int controllerPort;

    @Option(
        names = "--cluster-id",
        required = true,
        description =
            "The id all nodes are formatted with (any base64 UUID, the same on every node).")
    String clusterId;
  }

  @Override
  public Integer call() {
    if (member != null) {
      int size = member.quorum.split(",").length;
      EmbeddedKafka node =
          EmbeddedKafka.startMember(
              dataDir,
              port,
              new EmbeddedKafka.Member(
                  member.nodeId, size, member.quorum, member.controllerPort, member.clusterId),
              Map.of(),
              null);
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kafka-shutdown"));
      System.out.printf(
          "Kafka node %d of %d ready on %s%n", member.nodeId, size, node.bootstrapServers());
      node.awaitShutdown();
      return 0;
    }
    if (brokers == 1) {
      EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port);
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
      System.out.println("Kafka broker ready: bootstrap servers " + broker.bootstrapServers());
      System.out.println("Data directory: " + broker.dataDir() + "  (Ctrl-C to stop)");
      broker.awaitShutdown();
      return 0;
    }
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dataDir, brokers, port, Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kafka-shutdown"));
    System.out.printf(
        "Kafka cluster of %d brokers ready: bootstrap servers %s%n",
        brokers, cluster.bootstrapServers());
    System.out.println("Data directory: " + cluster.dataDir() + "  (Ctrl-C to stop)");
    cluster.awaitShutdown();
    return 0;
  }
}
