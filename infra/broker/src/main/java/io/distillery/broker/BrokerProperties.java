package io.distillery.broker;

import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.util.Properties;

/** The settings of the embedded KRaft nodes, sized for one machine. */
final class BrokerProperties {

  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final int NODE_ID = 1;

  private BrokerProperties() {}

  static Properties singleNode(Path dir, String host, int clientPort, int controllerPort) {
    return node(
        dir,
        host,
        NODE_ID,
        clientPort,
        controllerPort,
        NODE_ID + "@" + host + ":" + controllerPort,
        1);
  }

  /**
   * One node of a cluster of {@code nodes}, controller and broker, with internal topics replicated
   * as a production cluster would: three replicas with two in sync when there are three nodes or
   * more, else as many as there are nodes.
   *
   * @param voters the controller quorum, {@code id@host:port} comma-separated
   */
  static Properties node(
      Path dir,
      String host,
      int nodeId,
      int clientPort,
      int controllerPort,
      String voters,
      int nodes) {
    String replicas = Integer.toString(Math.min(3, nodes));
    String inSync = nodes >= 3 ? "2" : "1";
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", voters);
    p.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + clientPort + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + clientPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("metadata.log.dir", dir.toString());
    // Few partitions for internal topics: start-up in seconds.
    p.put("offsets.topic.replication.factor", replicas);
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", inSync);
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", inSync);
    // Topics created without a replication factor (Kafka Streams' changelogs) replicate too.
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", inSync);
    p.put("group.initial.rebalance.delay.ms", "0");
    // Under the consumer group protocol a member learns of partitions to give up or take over at
    // its next heartbeat: the default 5 s interval stalled partitions for up to 5 s whenever a
    // labeler joined or left (RebalanceBench: freshness p99 5.7 s, 0.6-0.9 s at 1 s).
    p.put("group.consumer.min.heartbeat.interval.ms", "500");
    p.put("group.consumer.heartbeat.interval.ms", "1000");
    p.put("num.partitions", "1");
    // Tasks create their topics explicitly (TopicProvisioner): a typo must fail, not create a
    // topic.
    p.put("auto.create.topics.enable", "false");
    p.put(
        "message.max.bytes",
        Integer.toString(TaskTopics.maxMessageBytesFor(TaskTopics.DEFAULT_INLINE_LIMIT_BYTES)));
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return p;
  }
}
