package io.distillery.cli.kafka;

import io.distillery.cli.KafkaOptions;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.monitor.tail.RecordJson;
import io.distillery.monitor.tail.TopicTail;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.schemas.topics.TopicSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillery topics create|describe}: a task's topic set. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Creates or shows the topics of a task.",
    subcommands = {
      TopicsCommand.Create.class,
      TopicsCommand.Describe.class,
      TopicsCommand.Tail.class
    })
public final class TopicsCommand {

  /** Creates the topics a task needs; running it again changes nothing. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates <task>.raw, .labeled, .accepted, .rejected, .dlq, .student-versions.")
  static final class Create implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--task", required = true, description = "Task name, e.g. fmnist.")
    String task;

    @Option(
        names = "--partitions",
        defaultValue = "3",
        description = "Partitions of the data topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(
        names = "--replication-factor",
        defaultValue = "0",
        description =
            "Replicas per partition (default: 3 on a cluster of three brokers or more, else one per"
                + " broker; more than the cluster holds is lowered with a warning).")
    short replicationFactor;

    @Option(
        names = "--min-insync-replicas",
        defaultValue = "0",
        description =
            "Replicas that must have each write before it is acknowledged (default: 2 with three"
                + " replicas or more, else 1).")
    short minInsyncReplicas;

    @Override
    public Integer call() {
      TaskTopics topics = TaskTopics.of(task);
      TopicLayout layout = new TopicLayout(partitions, replicationFactor, minInsyncReplicas);
      TopicProvisioner.Provisioned done =
          TopicProvisioner.provision(
              kafka.bootstrapServers(), topics, layout, kafka.clientOverrides());
      for (TopicSpec spec : topics.specs(done.layout())) {
        String state = done.created().contains(spec.name()) ? "created" : "exists ";
        System.out.printf(
            "%s  %-32s partitions=%d replicas=%d min.insync.replicas=%s%n",
            state,
            spec.name(),
            spec.partitions(),
            spec.replicationFactor(),
            spec.configs().get("min.insync.replicas"));
      }
      return 0;
    }
  }

  /** Prints the topic names and configs of a task without touching the cluster. */
  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Prints a task's topic names and configs.")
  static final class Describe implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "Task name.")
    String task;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions.")
    int partitions;

    @Override
    public Integer call() {
      for (TopicSpec spec : TaskTopics.of(task).specs(TopicLayout.partitions(partitions))) {
        System.out.printf(
            "%-32s partitions=%d %s%n", spec.name(), spec.partitions(), spec.configs());
      }
      return 0;
    }
  }

  /** Prints a task topic's records decoded, one JSON object per line. */
  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the records of a task's topic decoded, one JSON object per line: where each sits"
            + " (topic, partition, offset, timestamp, key) and its value, payloads summarised as"
            + " size and sha256 (never the bytes); a value that does not decode is printed with the"
            + " error. Reads committed records without a consumer group, through the same client"
            + " settings as the stages."
      })
  static final class Tail implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--task", required = true, description = "Task name.")
    String task;

    @Option(
        names = "--topic",
        required = true,
        description = "raw, labeled, accepted, rejected, dlq or student-versions.")
    String topic;

    @Option(names = "--from-beginning", description = "Every record, not the last --last.")
    boolean fromBeginning;

    @Option(
        names = "--last",
        defaultValue = "10",
        description = "Records per partition to start from (default: ${DEFAULT-VALUE}).")
    int last;

    @Option(
        names = "--max",
        defaultValue = "0",
        description = "Stop after N records (0: no limit).")
    long max;

    @Option(names = "--follow", description = "Keep printing new records until interrupted.")
    boolean follow;

    @Option(
        names = "--where",
        paramLabel = "PATH=VALUE",
        description =
            "Only records whose decoded field equals the value (repeatable, all must hold), e.g."
                + " decision=SOFT or labeled.raw.task=fmnist.")
    Map<String, String> where = new LinkedHashMap<>();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      String name = RecordJson.topicOf(task, topic);
      java.io.PrintWriter out = spec.commandLine().getOut();
      java.util.concurrent.atomic.AtomicBoolean running =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      try (TopicTail tail = new TopicTail(kafka.bootstrapServers(), kafka.clientOverrides())) {
        tail.run(
            new TopicTail.Options(name, fromBeginning, last, max, follow, where),
            line -> {
              out.println(line);
              out.flush();
            },
            running::get);
      }
      return 0;
    }
  }
}
