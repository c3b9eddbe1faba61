package io.distillery.cli.kafka;

import io.distillery.cli.KafkaOptions;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.schemas.topics.TopicSpec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillery topics create|describe}: a task's topic set. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Creates or shows the topics of a task.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.Describe.class})
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
        defaultValue = "1",
        description = "Replicas per partition (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() {
      TaskTopics topics = TaskTopics.of(task);
      TopicLayout layout = new TopicLayout(partitions, replicationFactor);
      List<String> created =
          TopicProvisioner.ensure(
              kafka.bootstrapServers(), topics, layout, kafka.clientOverrides());
      for (TopicSpec spec : topics.specs(layout)) {
        String state = created.contains(spec.name()) ? "created" : "exists ";
        System.out.printf("%s  %-32s partitions=%d%n", state, spec.name(), spec.partitions());
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
}
