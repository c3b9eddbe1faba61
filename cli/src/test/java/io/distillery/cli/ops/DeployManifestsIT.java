package io.distillery.cli.ops;

import static io.distillery.testkit.tools.LocalTools.nodeModulesWith;
import static io.distillery.testkit.tools.LocalTools.onPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.distillery.cli.Distillery;
import io.distillery.kafka.acl.StageAcls;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.schemas.topics.TopicSpec;
import io.distillery.testkit.metrics.DeployedQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The deployment files in {@code infra/deploy} cannot rot: each Kubernetes overlay renders with
 * kustomize, every rendered object passes its kind's schema (Kubernetes, Strimzi, KEDA, Prometheus
 * Operator), every stage's command is one the {@code distillery} command line accepts, and what the
 * manifests repeat from the code agrees with the code: the principals' ACLs with {@code distillery
 * acls}, the topics with {@code distillery topics create}, the consumer groups KEDA watches with
 * the stages' groups, the probes with the metrics port. The compose file validates with {@code
 * docker-compose config} and its stage commands parse the same way.
 *
 * <p>Needs {@code kubectl}, Node.js with the schema packages and {@code docker-compose}, which
 * {@code infra/scripts/install-prerequisites.sh} installs (CI checks they are there); where one is
 * missing its test is skipped with the reason.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeployManifestsIT {

  private static final String TASK = "asr-en";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path DEPLOY = DeployedQueries.deployDir();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"aws", "minio"})
  void everyRenderedObjectPassesTheSchemaOfItsKind(String overlay) throws Exception {
    Path rendered = render(overlay);
    assumeTrue(onPath("node"), "no Node.js: run infra/scripts/install-prerequisites.sh");
    Optional<Path> schemas = nodeModulesWith("@kubernetes-models/strimzi-kafka-operator");
    assumeTrue(
        schemas.isPresent(), "no schema packages: run infra/scripts/install-prerequisites.sh");
    Path modules = schemas.get();

    Run validation =
        run(
            List.of(
                "node",
                DEPLOY.resolve("validate/validate-manifests.mjs").toString(),
                modules.toString(),
                rendered.toString()));

    assertThat(validation.exit()).as(validation.output()).isZero();
    List<JsonNode> objects = objects(rendered);
    assertThat(validation.output())
        .contains(objects.size() + " objects, 0 invalid")
        .contains(
            "ok Kafka distillery (kafka.strimzi.io/v1beta2)",
            "ok KafkaNodePool dual-role",
            "ok KafkaTopic asr-en.raw",
            "ok KafkaUser distillery-labeler",
            "ok ScaledObject labeler (keda.sh/v1alpha1)",
            "ok ScaledObject filter",
            "ok TriggerAuthentication distillery-kafka",
            "ok PodMonitor distillery-stages (monitoring.coreos.com/v1)",
            "ok StatefulSet triton",
            "ok StatefulSet labeler",
            "ok Deployment filter",
            "ok StatefulSet trainer",
            "ok Deployment monitor",
            "ok CronJob claim-check-prune",
            "ok ConfigMap distillery-dashboard",
            "ok ConfigMap distillery-alert-rules");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "minio"})
  void everyStageRunsACommandTheCliAcceptsWithProbesOnItsMetricsPort(String overlay)
      throws Exception {
    List<JsonNode> objects = objects(render(overlay));
    List<String> stages = new ArrayList<>();
    for (JsonNode workload : workloads(objects)) {
      JsonNode pod = podSpec(workload);
      for (JsonNode container : pod.path("containers")) {
        if (!container.path("image").asText().contains("distillery")) {
          continue;
        }
        String name = workload.path("metadata").path("name").asText();
        List<String> args = strings(container.path("args"));
        ParseResult parsed = parse(args, name);
        stages.add(name + ": " + args.get(0));
        Optional<String> metricsPort = lastValue(parsed, "--metrics-port");
        if (workload.path("kind").asText().equals("CronJob")) {
          assertThat(metricsPort).as(name + " is a job").isEmpty();
          continue;
        }
        assertThat(metricsPort).as(name + " serves metrics for its probes").isPresent();
        assertThat(lastValue(parsed, "--metrics-host"))
            .as(name + " metrics reachable from outside its pod")
            .contains("0.0.0.0");
        assertThat(container.path("ports").findValuesAsText("containerPort"))
            .as(name)
            .contains(metricsPort.get());
        assertThat(probe(container, "readinessProbe")).as(name).isEqualTo("/readyz@metrics");
        assertThat(probe(container, "livenessProbe")).as(name).isEqualTo("/livez@metrics");
        assertThat(port(container, "metrics")).as(name).isEqualTo(metricsPort.get());
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean())
            .as(name + " runs as non-root")
            .isTrue();
        assertThat(container.path("resources").path("limits").has("memory")).as(name).isTrue();
      }
    }
    assertThat(stages)
        .containsExactlyInAnyOrder(
            "labeler: label",
            "filter: filter",
            "trainer: train",
            "monitor: monitor",
            "claim-check-prune: claim-checks");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "minio"})
  void everyPrincipalHasExactlyTheAclsOfItsStageAndEachStageUsesItsOwn(String overlay)
      throws Exception {
    List<JsonNode> objects = objects(render(overlay));
    for (StageAcls.Stage stage : StageAcls.Stage.values()) {
      String user = "distillery-" + stage.name().toLowerCase(Locale.ROOT);
      JsonNode kafkaUser = find(objects, "KafkaUser", user);
      assertThat(kafkaUser.path("spec").path("authentication").path("type").asText())
          .isEqualTo("scram-sha-512");
      assertThat(strimziAcls(kafkaUser))
          .as(user)
          .isEqualTo(kafkaAcls(StageAcls.of(stage, "User:" + user, TASK)));
    }
    Map<String, String> principalOf =
        Map.of(
            "labeler", "distillery-labeler",
            "filter", "distillery-filter",
            "trainer", "distillery-trainer",
            "monitor", "distillery-monitor",
            "claim-check-prune", "distillery-monitor");
    for (JsonNode workload : workloads(objects)) {
      String name = workload.path("metadata").path("name").asText();
      if (!principalOf.containsKey(name)) {
        continue;
      }
      Set<String> secrets = new HashSet<>();
      for (JsonNode volume : podSpec(workload).path("volumes")) {
        if (volume.path("name").asText().equals("kafka-user")) {
          secrets.add(volume.path("secret").path("secretName").asText());
        }
      }
      assertThat(secrets).as(name).containsExactly(principalOf.get(name));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "minio"})
  void topicsAreWhatTopicsCreateMakesOnThatManyBrokers(String overlay) throws Exception {
    List<JsonNode> objects = objects(render(overlay));
    int brokers = find(objects, "KafkaNodePool", "dual-role").path("spec").path("replicas").asInt();
    int partitions =
        find(objects, "KafkaTopic", TASK + ".raw").path("spec").path("partitions").asInt();

    List<TopicSpec> expected =
        TaskTopics.of(TASK).specs(TopicLayout.partitions(partitions).forCluster(brokers, w -> {}));

    List<TopicSpec> declared = new ArrayList<>();
    for (JsonNode topic : ofKind(objects, "KafkaTopic")) {
      JsonNode spec = topic.path("spec");
      Map<String, String> configs = new LinkedHashMap<>();
      spec.path("config")
          .fields()
          .forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
      declared.add(
          new TopicSpec(
              spec.path("topicName").asText(),
              spec.path("partitions").asInt(),
              (short) spec.path("replicas").asInt(),
              configs));
    }
    assertThat(declared).containsExactlyInAnyOrderElementsOf(expected);
    JsonNode kafkaConfig =
        find(objects, "Kafka", "distillery").path("spec").path("kafka").path("config");
    assertThat(kafkaConfig.path("default.replication.factor").asInt())
        .as("the filter's changelogs take the broker default")
        .isEqualTo(expected.get(0).replicationFactor());
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "minio"})
  void labelerAndTrainerNameEveryTritonServer(String overlay) throws Exception {
    List<JsonNode> objects = objects(render(overlay));
    JsonNode triton = find(objects, "StatefulSet", "triton");
    String service = triton.path("spec").path("serviceName").asText();
    int replicas = triton.path("spec").path("replicas").asInt();
    List<String> servers =
        IntStream.range(0, replicas)
            .mapToObj(i -> "triton-" + i + "." + service + ":8001")
            .toList();
    assertThat(find(objects, "Service", service).path("spec").path("clusterIP").asText())
        .as("a headless service gives each server its name")
        .isEqualTo("None");

    ParseResult labeler = parse(stageArgs(objects, "labeler"), "labeler");
    assertThat(Arrays.asList(lastValue(labeler, "--servers").orElseThrow().split(",")))
        .containsExactlyElementsOf(servers);
    ParseResult trainer = parse(stageArgs(objects, "trainer"), "trainer");
    assertThat(trainer.matchedOption("--model-server").<List<String>>getValue())
        .containsExactlyElementsOf(servers);
    assertThat(strings(podSpec(triton).path("containers").get(0).path("args")))
        .contains("--model-control-mode=explicit");
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "minio"})
  void kedaScalesEachStageOnItsOwnGroupAndInputUpToItsPartitions(String overlay) throws Exception {
    List<JsonNode> objects = objects(render(overlay));
    Map<String, List<String>> expected =
        Map.of(
            "labeler", List.of(StageAcls.labelerGroup(TASK), TASK + ".raw"),
            "filter", List.of(StageAcls.filterApplication(TASK), TASK + ".labeled"));
    for (JsonNode scaled : ofKind(objects, "ScaledObject")) {
      String name = scaled.path("metadata").path("name").asText();
      JsonNode spec = scaled.path("spec");
      JsonNode target = spec.path("scaleTargetRef");
      assertThat(workloads(objects))
          .as(name + " scales a workload that exists")
          .anyMatch(
              w ->
                  w.path("kind").asText().equals(target.path("kind").asText())
                      && w.path("metadata")
                          .path("name")
                          .asText()
                          .equals(target.path("name").asText()));
      JsonNode trigger = spec.path("triggers").get(0);
      JsonNode metadata = trigger.path("metadata");
      assertThat(List.of(metadata.path("consumerGroup").asText(), metadata.path("topic").asText()))
          .as(name)
          .isEqualTo(expected.get(name));
      int partitions =
          find(objects, "KafkaTopic", metadata.path("topic").asText())
              .path("spec")
              .path("partitions")
              .asInt();
      assertThat(spec.path("maxReplicaCount").asInt()).as(name).isBetween(1, partitions);
      assertThat(metadata.path("lagThreshold").asLong())
          .as(name)
          .isGreaterThan(metadata.path("activationLagThreshold").asLong());
      assertThat(metadata.path("bootstrapServers").asText())
          .isEqualTo(
              env(
                  podSpec(find(objects, "StatefulSet", "labeler")),
                  "DISTILLERY_BOOTSTRAP_SERVERS"));
    }
    assertThat(ofKind(objects, "ScaledObject")).hasSize(2);
  }

  @Test
  void composeFileValidatesAndItsStagesRunCommandsTheCliAccepts() throws Exception {
    Path compose = DEPLOY.resolve("compose/compose.yaml");
    assumeTrue(
        onPath("docker-compose"), "no docker-compose: run infra/scripts/install-prerequisites.sh");

    Run quiet = run(List.of("docker-compose", "-f", compose.toString(), "config", "-q"));
    assertThat(quiet.exit()).as(quiet.output()).isZero();
    Run resolved = run(List.of("docker-compose", "-f", compose.toString(), "config"));
    assertThat(resolved.exit()).as(resolved.output()).isZero();

    JsonNode services = YAML.readTree(resolved.output()).path("services");
    Map<String, String> commands = new LinkedHashMap<>();
    services
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().path("image").asText().startsWith("distillery")) {
                List<String> args = strings(e.getValue().path("command"));
                parse(args, e.getKey());
                commands.put(e.getKey(), String.join(" ", args.subList(0, 2)));
              }
            });
    assertThat(commands.keySet())
        .containsExactlyInAnyOrder("topics", "ingest", "labeler", "filter", "trainer", "monitor");
    assertThat(services.path("triton").path("command").toString())
        .contains("--model-control-mode=explicit");
  }

  // --- rendering and parsing

  private Path render(String overlay) throws Exception {
    assumeTrue(onPath("kubectl"), "no kubectl (its built-in kustomize renders the manifests)");
    Run kustomize =
        run(
            List.of(
                "kubectl",
                "kustomize",
                DEPLOY.resolve("kubernetes/overlays/" + overlay).toString()));
    assertThat(kustomize.exit()).as(kustomize.output()).isZero();
    Path rendered = dir.resolve(overlay + ".yaml");
    Files.writeString(rendered, kustomize.output());
    return rendered;
  }

  private static List<JsonNode> objects(Path rendered) throws IOException {
    try (var parser = YAML.getFactory().createParser(rendered.toFile())) {
      List<JsonNode> objects = new ArrayList<>();
      YAML.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
      return objects;
    }
  }

  private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  private static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return ofKind(objects, kind).stream()
        .filter(o -> o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static List<JsonNode> workloads(List<JsonNode> objects) {
    return objects.stream()
        .filter(
            o -> Set.of("Deployment", "StatefulSet", "CronJob").contains(o.path("kind").asText()))
        .toList();
  }

  private static JsonNode podSpec(JsonNode workload) {
    JsonNode spec = workload.path("spec");
    if (workload.path("kind").asText().equals("CronJob")) {
      spec = spec.path("jobTemplate").path("spec");
    }
    return spec.path("template").path("spec");
  }

  private static List<String> stageArgs(List<JsonNode> objects, String name) {
    JsonNode workload =
        workloads(objects).stream()
            .filter(w -> w.path("metadata").path("name").asText().equals(name))
            .findFirst()
            .orElseThrow();
    return strings(podSpec(workload).path("containers").get(0).path("args"));
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  /** Parses a container's arguments as the image's entrypoint would, after the kubelet's $(VAR). */
  private static ParseResult parse(List<String> args, String where) {
    List<String> expanded = args.stream().map(a -> a.replace("$(POD_NAME)", where + "-0")).toList();
    try {
      ParseResult root = Distillery.commandLine().parseArgs(expanded.toArray(String[]::new));
      ParseResult leaf = root;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      assertThat(leaf).as(where + ": " + args + " names a command").isNotSameAs(root);
      return leaf;
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError(where + ": " + args + " is refused: " + e.getMessage(), e);
    }
  }

  private static Optional<String> lastValue(ParseResult parsed, String option) {
    return parsed.hasMatchedOption(option)
        ? Optional.of(String.valueOf(parsed.matchedOption(option).<Object>getValue()))
        : Optional.empty();
  }

  private static String probe(JsonNode container, String probe) {
    JsonNode get = container.path(probe).path("httpGet");
    return get.path("path").asText() + "@" + get.path("port").asText();
  }

  private static String port(JsonNode container, String name) {
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals(name)) {
        return port.path("containerPort").asText();
      }
    }
    throw new AssertionError("no port " + name);
  }

  private static String env(JsonNode pod, String name) {
    for (JsonNode env : pod.path("containers").get(0).path("env")) {
      if (env.path("name").asText().equals(name)) {
        return env.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  // --- ACLs in one notation: RESOURCE:name:PATTERN:OPERATION

  private static Set<String> strimziAcls(JsonNode kafkaUser) {
    Map<String, String> types =
        Map.of(
            "topic",
            "TOPIC",
            "group",
            "GROUP",
            "transactionalId",
            "TRANSACTIONAL_ID",
            "cluster",
            "CLUSTER");
    Map<String, String> patterns = Map.of("literal", "LITERAL", "prefix", "PREFIXED");
    Set<String> acls = new TreeSet<>();
    for (JsonNode acl : kafkaUser.path("spec").path("authorization").path("acls")) {
      JsonNode resource = acl.path("resource");
      for (JsonNode operation : acl.path("operations")) {
        acls.add(
            types.get(resource.path("type").asText())
                + ":"
                + resource.path("name").asText()
                + ":"
                + patterns.get(resource.path("patternType").asText())
                + ":"
                + operation
                    .asText()
                    .replaceAll("([a-z])([A-Z])", "$1_$2")
                    .toUpperCase(Locale.ROOT));
      }
    }
    return acls;
  }

  private static Set<String> kafkaAcls(List<AclBinding> bindings) {
    Set<String> acls = new TreeSet<>();
    for (AclBinding b : bindings) {
      acls.add(
          b.pattern().resourceType()
              + ":"
              + b.pattern().name()
              + ":"
              + b.pattern().patternType()
              + ":"
              + b.entry().operation());
    }
    return acls;
  }

  // --- tools

  private record Run(int exit, String output) {}

  private Run run(List<String> command) throws Exception {
    Path out = Files.createTempFile(dir, "run", ".out");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    return new Run(p.exitValue(), Files.readString(out));
  }
}
