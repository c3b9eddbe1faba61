package io.distillery.cli.labeler;

import io.distillery.cli.ClaimCheckOptions;
import io.distillery.cli.KafkaOptions;
import io.distillery.cli.MetricsOptions;
import io.distillery.cli.TaskOptions;
import io.distillery.cli.TlsClientOptions;
import io.distillery.kafka.GroupProtocol;
import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.binding.BindOverride;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.monitor.metrics.PrometheusEndpoint;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillery label}: one labeler instance reading {@code <task>.raw}. */
@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    description = {
      "Labels <task>.raw with KServe v2 / Triton teachers into <task>.labeled, exactly once;"
          + " records that cannot be labeled go to <task>.dlq with the reason."
    })
public final class LabelCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin MetricsOptions metricsOptions;

  @Mixin TaskOptions taskOptions;

  @Mixin TlsClientOptions tls;

  @Option(names = "--servers", required = true, description = "Inference servers, host:port,...")
  String servers;

  @Option(
      names = "--models",
      required = true,
      description = "teacher=NAME[,proxy=NAME][,ensemble=A+B][,student=NAME]")
  String models;

  @Option(
      names = "--bind",
      paramLabel = "MODEL:TENSOR=ROLE",
      description =
          "A tensor's role, over the one inferred from the model's config (repeatable), e.g."
              + " asr:LANGUAGE=constant:4 or densenet:data_0=pixels:inception. Roles: audio-file,"
              + " samples, sample-count, constant:V, transcript, words, word-confidences, pixels[:S],"
              + " encoded-image, probabilities, logits, scores, classification. See"
              + " 'distillery models inspect'.")
  List<String> bindings = new ArrayList<>();

  @Option(
      names = "--model-wait-s",
      defaultValue = "300",
      description =
          "How long to wait at start for models that are not loaded yet (default:"
              + " ${DEFAULT-VALUE}).")
  long modelWaitSeconds;

  @Option(
      names = "--instance-id",
      defaultValue = "0",
      description = "Stable id of this instance (default: ${DEFAULT-VALUE}).")
  String instanceId;

  @Option(
      names = "--group-protocol",
      defaultValue = "auto",
      paramLabel = "auto|classic|consumer",
      description =
          "Consumer-group protocol: consumer (KIP-848, no stop-the-world rebalances), classic, or"
              + " auto: consumer where the cluster has it enabled, else classic (default:"
              + " ${DEFAULT-VALUE}).")
  String groupProtocol;

  @Option(names = "--group", description = "Consumer group (default: distillery-labeler-<task>).")
  String group;

  @Option(
      names = "--max-batch",
      defaultValue = "64",
      description = "Most records per request (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(
      names = "--linger-ms",
      defaultValue = "5",
      description = "Longest wait to fill a batch (default: ${DEFAULT-VALUE}).")
  long lingerMs;

  @Option(
      names = "--max-inflight-batches",
      defaultValue = "4",
      description = "Default: ${DEFAULT-VALUE}.")
  int inFlightBatches;

  @Option(
      names = "--max-inflight-mib",
      defaultValue = "64",
      description = "Default: ${DEFAULT-VALUE}.")
  long inFlightMib;

  @Option(
      names = "--commit-interval-ms",
      defaultValue = "100",
      description = "Default: ${DEFAULT-VALUE}.")
  long commitMs;

  @Option(
      names = "--deadline-ms",
      defaultValue = "30000",
      description = "Inference deadline (default: ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Mixin ClaimCheckOptions claimChecks;

  @Override
  public Integer call() throws Exception {
    String task = taskOptions.task();
    ClientConfig client =
        ClientConfig.builder(ServerAddress.parseList(servers))
            .inferDeadline(Duration.ofMillis(deadlineMs))
            .tls(tls.settings())
            .build();
    Map<String, String> overrides = new HashMap<>();
    kafka.clientOverrides().forEach((k, v) -> overrides.put(k, String.valueOf(v)));
    LabelerConfig config =
        LabelerConfig.builder(
                TaskTopics.of(task),
                taskOptions.kind(),
                kafka.bootstrapServers(),
                ModelBinding.parse(models),
                client)
            .bindings(BindOverride.parseAll(bindings))
            .modelWait(Duration.ofSeconds(modelWaitSeconds))
            .groupId(group == null ? LabelerConfig.defaultGroup(task) : group)
            .instanceId(instanceId)
            .groupProtocol(GroupProtocol.parse(groupProtocol))
            .batch(
                new BatchPolicy(
                    maxBatch, Duration.ofMillis(lingerMs), inFlightBatches, inFlightMib << 20))
            .commitInterval(Duration.ofMillis(commitMs))
            .claimCheckLocations(claimChecks.locations())
            .kafkaOverrides(overrides)
            .build();
    MetricsOptions.Metrics metrics = metricsOptions.open("labeler");
    MeterRegistry registry = metrics.registry();
    metrics.readiness(
        () -> PrometheusEndpoint.Readiness.notReady("waiting for the teachers " + models));
    LabelerStage stage = LabelerStage.start(config, registry);
    metrics.readiness(
        () ->
            stage.stopped()
                ? PrometheusEndpoint.Readiness.notReady("stopped: " + stage.failure())
                : PrometheusEndpoint.Readiness.ready("labeling " + TaskTopics.of(task).raw()));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stage.close();
                  metrics.close();
                },
                "label-shutdown"));
    System.out.printf("labeling %s with %s on %s%n", TaskTopics.of(task).raw(), models, servers);
    while (!stage.awaitStop(Duration.ofSeconds(10))) {
      System.out.printf(
          "labeled %.0f, dead-lettered %.0f%n",
          registry.find("distillery.labeler.records.labeled").counters().stream()
              .mapToDouble(c -> c.count())
              .sum(),
          registry.find("distillery.labeler.records.dead").counters().stream()
              .mapToDouble(c -> c.count())
              .sum());
    }
    return stage.failure() == null ? 0 : 1;
  }
}
