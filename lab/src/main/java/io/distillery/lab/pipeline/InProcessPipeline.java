package io.distillery.lab.pipeline;

import io.distillery.broker.EmbeddedKafka;
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
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
    this.layout = TopicLayout.partitions(partitions);
    this.registry = registry;
    this.blobRoot = workDir.resolve("blobs");
    this.broker = EmbeddedKafka.start(workDir.resolve("kafka"), kafkaPort);
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

  /** Creates the task's topics and starts its filter and labeler. */
  public void startStages(PipelineTask task, Path stateDir) {
    startFilter(task, stateDir);
    startLabeler(task);
  }

  /** Creates the task's topics and starts its filter with the task's built-in policy. */
  public void startFilter(PipelineTask task, Path stateDir) {
    TaskTopics topics = topics(task);
    TopicProvisioner.ensure(broker.bootstrapServers(), topics, layout);
    FilterConfig filter =
        FilterConfig.of(
            topics,
            PolicyLoader.builtIn(task.name()),
            broker.bootstrapServers(),
            stateDir.resolve("filter-" + task.name()));
    started.push(FilterApp.start(filter, registry));
  }

  /** Creates the task's topics and starts a labeler sending each record to the task's models. */
  public void startLabeler(PipelineTask task) {
    TaskTopics topics = topics(task);
    TopicProvisioner.ensure(broker.bootstrapServers(), topics, layout);
    LabelerConfig labeler =
        LabelerConfig.builder(
                topics,
                task.kind(),
                broker.bootstrapServers(),
                task.models(),
                ClientConfig.defaults(List.of(new ServerAddress("127.0.0.1", server.port()))))
            .instanceId("demo-0")
            .batch(
                new BatchPolicy(task.maxBatch(), Duration.ofMillis(5), task.inFlight(), 64L << 20))
            .commitInterval(Duration.ofMillis(200))
            .claimCheckRoots(List.of(blobRoot))
            .build();
    started.push(LabelerStage.start(labeler, registry));
  }

  /** Registers something to close with the pipeline (closed before what was started earlier). */
  public void own(AutoCloseable resource) {
    started.push(resource);
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
