package io.distillery.lab.pipeline;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.filter.policy.FilterPolicy;
import io.distillery.filter.policy.PolicyLoader;
import io.distillery.filter.topology.FilterApp;
import io.distillery.filter.topology.FilterConfig;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestListener;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of the pipeline running in this process on the embedded default: a broker, the
 * development inference server, and per task a labeler and a filter. Everything is started in flow
 * order and closed in reverse; the stages are the same classes the separate commands run.
 */
public final class InProcessPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessPipeline.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final EmbeddedKafka broker;
  private final InferenceServer server;
  private final Path blobRoot;
  private final TopicLayout layout;
  private final MeterRegistry registry;

  public InProcessPipeline(
      Path workDir, Path repository, int kafkaPort, int partitions, MeterRegistry registry)
      throws IOException {
    this(workDir, repository, kafkaPort, partitions, registry, Map.of());
  }

  /** As the other constructor, on a broker with {@code brokerOverrides} over its settings. */
  public InProcessPipeline(
      Path workDir,
      Path repository,
      int kafkaPort,
      int partitions,
      MeterRegistry registry,
      Map<String, String> brokerOverrides)
      throws IOException {
    this.layout = TopicLayout.partitions(partitions);
    this.registry = registry;
    this.blobRoot = workDir.resolve("blobs");
    this.broker = EmbeddedKafka.start(workDir.resolve("kafka"), kafkaPort, brokerOverrides);
    started.push(broker);
    this.server = InferenceServer.start(ServerConfig.loopback(repository, 0));
    started.push(server);
    LOG.info("Inference server on 127.0.0.1:{}, repository {}", server.port(), repository);
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public int serverPort() {
    return server.port();
  }

  public EmbeddedKafka broker() {
    return broker;
  }

  public Path blobRoot() {
    return blobRoot;
  }

  public TaskTopics topics(PipelineTask task) {
    return TaskTopics.of(task.name());
  }

  /** The development inference server the labelers talk to. */
  public InferenceServer server() {
    return server;
  }

  /** Creates the task's topics and starts its filter and labeler. */
  public void startStages(PipelineTask task, Path stateDir) {
    startFilter(task, stateDir);
    startLabeler(task);
  }

  /** Creates the task's topics and starts its filter with the task's built-in policy. */
  public FilterApp startFilter(PipelineTask task, Path stateDir) {
    return startFilter(task, PolicyLoader.builtIn(task.policy()), stateDir);
  }

  /** Creates the task's topics and starts its filter with {@code policy}. */
  public FilterApp startFilter(PipelineTask task, FilterPolicy policy, Path stateDir) {
    return startFilter(task, policy, stateDir, Map.of());
  }

  /**
   * As {@link #startFilter(PipelineTask, FilterPolicy, Path)}, with Kafka Streams settings on top
   * (e.g. {@code commit.interval.ms}).
   */
  public FilterApp startFilter(
      PipelineTask task, FilterPolicy policy, Path stateDir, Map<String, Object> streamsSettings) {
    TaskTopics topics = ensureTopics(task);
    FilterConfig filter =
        FilterConfig.of(
            topics,
            policy,
            broker.bootstrapServers(),
            stateDir.resolve("filter-" + task.name()),
            streamsSettings);
    return own(FilterApp.start(filter, registry));
  }

  /**
   * The labeler settings of the task in this pipeline: its topics, its models on the pipeline's
   * server, claim checks under the pipeline's blob root, the task's batching; callers may change
   * the rest before building.
   */
  public LabelerConfig.Builder labelerConfig(PipelineTask task) {
    return LabelerConfig.builder(
            ensureTopics(task),
            task.kind(),
            broker.bootstrapServers(),
            task.models(),
            ClientConfig.defaults(List.of(new ServerAddress("127.0.0.1", server.port()))))
        .instanceId("pipeline-0")
        .batch(new BatchPolicy(task.maxBatch(), Duration.ofMillis(5), task.inFlight(), 64L << 20))
        .commitInterval(Duration.ofMillis(200))
        .claimCheckRoots(List.of(blobRoot));
  }

  /** Creates the task's topics and starts a labeler with the task's {@link #labelerConfig}. */
  public LabelerStage startLabeler(PipelineTask task) {
    return startLabeler(labelerConfig(task).build());
  }

  /** Starts a labeler with {@code config}, built from {@link #labelerConfig}. */
  public LabelerStage startLabeler(LabelerConfig config) {
    return own(LabelerStage.start(config, registry));
  }

  /** Creates the task's topics and opens a producer into its raw topic, claim checks included. */
  public Ingestor startIngestor(PipelineTask task) {
    ensureTopics(task);
    return own(
        Ingestor.open(
            IngestConfig.defaults(task.name(), broker.bootstrapServers()).withBlobRoot(blobRoot),
            IngestListener.NONE));
  }

  private TaskTopics ensureTopics(PipelineTask task) {
    TaskTopics topics = topics(task);
    TopicProvisioner.ensure(broker.bootstrapServers(), topics, layout);
    return topics;
  }

  /** Registers something to close with the pipeline (closed before what was started earlier). */
  public <T extends AutoCloseable> T own(T resource) {
    started.push(resource);
    return resource;
  }

  /** Closes one stage before the pipeline closes, e.g. at the end of a measurement. */
  public void stop(AutoCloseable resource) throws Exception {
    if (started.remove(resource)) {
      resource.close();
    }
  }

  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable resource = started.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
