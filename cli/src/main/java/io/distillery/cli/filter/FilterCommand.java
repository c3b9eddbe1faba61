package io.distillery.cli.filter;

import io.distillery.cli.KafkaOptions;
import io.distillery.cli.MetricsOptions;
import io.distillery.filter.policy.FilterPolicy;
import io.distillery.filter.policy.PolicyLoader;
import io.distillery.filter.topology.FilterApp;
import io.distillery.filter.topology.FilterConfig;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.monitor.metrics.PrometheusEndpoint;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery filter}: runs the filter stage of one task until Ctrl-C. */
@Command(
    name = "filter",
    mixinStandardHelpOptions = true,
    description = {
      "Scores every record of <task>.labeled with the task's policy and routes it, exactly once,",
      "to <task>.accepted (ACCEPT and SOFT), <task>.rejected or <task>.dlq. Runs until Ctrl-C."
    })
public final class FilterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Mixin MetricsOptions metricsOptions;

  @Option(names = "--task", required = true, description = "Task name, e.g. fmnist or asr-en.")
  String task;

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "Policy JSON file (default: the built-in policy of fmnist or asr-en).")
  Path policyFile;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "Kafka Streams state directory (default: .distillery/filter-state).")
  Path stateDir = Path.of(".distillery", "filter-state");

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of the task's topics if they must be created (default: 3).")
  int partitions;

  @Option(names = "--threads", defaultValue = "1", description = "Stream threads (default: 1).")
  int threads;

  @Override
  public Integer call() throws InterruptedException {
    FilterConfig config;
    try {
      FilterPolicy policy =
          policyFile == null ? PolicyLoader.builtIn(task) : PolicyLoader.load(policyFile);
      TaskTopics topics = TaskTopics.of(task);
      config =
          FilterConfig.of(
                  topics, policy, kafka.bootstrapServers(), stateDir, kafka.clientOverrides())
              .withStreamThreads(threads);
      TopicProvisioner.ensure(
          config.bootstrapServers(),
          topics,
          TopicLayout.partitions(partitions),
          kafka.clientOverrides());
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("distillery filter: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    MetricsOptions.Metrics metrics = metricsOptions.open("filter");
    FilterApp app = FilterApp.start(config, metrics.registry());
    metrics.readiness(
        () -> {
          KafkaStreams.State state = app.state();
          return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
              ? PrometheusEndpoint.Readiness.ready("streams " + state)
              : PrometheusEndpoint.Readiness.notReady("streams " + state);
        });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  metrics.close();
                  stopped.countDown();
                },
                "filter-shutdown"));
    spec.commandLine()
        .getOut()
        .printf(
            "filter: %s -> accepted | rejected | dlq, policy %s (Ctrl-C to stop)%n",
            config.topics().labeled(), config.policy().name());
    spec.commandLine().getOut().flush();
    java.util.concurrent.atomic.AtomicBoolean crashed =
        new java.util.concurrent.atomic.AtomicBoolean();
    app.failure()
        .thenRun(
            () -> {
              crashed.set(true);
              stopped.countDown();
            });
    stopped.await();
    if (crashed.get()) {
      spec.commandLine()
          .getErr()
          .println("distillery filter: stopped on an error (see the log); restart it to resume");
      return 2;
    }
    return 0;
  }
}
