package io.distillery.broker;

import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.util.Properties;

/** The settings of a single-node KRaft broker sized for one machine. */
final class BrokerProperties {

  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final int NODE_ID = 1;

  private BrokerProperties() {}

  static Properties singleNode(Path dir, String host, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + clientPort + ",CONTROLLER://" + host + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + clientPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SSL:SSL");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.toString());
    p.put("metadata.log.dir", dir.toString());
    // One replica of everything, and few partitions for internal topics: start-up in seconds.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
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
