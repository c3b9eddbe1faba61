package io.distillery.lab.corpus;

import io.distillery.filter.topology.FilterApp;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.ingest.Outcome;
import io.distillery.producers.source.DirectorySource;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.consumer.ImageStudentTrainer;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.GrpcModelServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pipeline the corpus runs through, in this JVM with the real stage classes: the embedded
 * broker, the development inference server with a synthetic image and speech teacher, per task a
 * producer, a labeler and a filter, and the image task's trainer. Teachers change behaviour by a
 * RepositoryModelLoad of a rewritten config, as an operator would fix or break a model.
 */
final class CorpusPipeline implements AutoCloseable {

  static final TaskTopics IMG = TaskTopics.of("img");
  static final TaskTopics ASR = TaskTopics.of("asr");
  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  private static final Map<String, PipelineTask> TASKS =
      Map.of(
          "img",
          PipelineTask.FMNIST.as("img", ModelBinding.parse("teacher=img-teacher")),
          "asr",
          PipelineTask.ASR_EN.as("asr", ModelBinding.parse("teacher=asr-teacher")));

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Path work;
  private final Path repository;
  private final boolean publishing;
  private final InProcessPipeline pipeline;
  private final Map<String, LabelerStage> labelers = new HashMap<>();
  private final Map<String, FilterApp> filters = new HashMap<>();
  private final Map<String, Ingestor> ingestors = new HashMap<>();
  private final KafkaProducer<byte[], byte[]> direct;
  private final ExecutorService trainerThread = Executors.newSingleThreadExecutor();
  private ImageStudentTrainer trainer;
  private Future<Checkpoint> training;

  CorpusPipeline(Path work) throws IOException {
    this(work, false);
  }

  /**
   * A pipeline whose trainer, when {@code publishing}, evaluates its student every two steps and
   * publishes each better version to the inference server by upload, as a Triton fleet gets it.
   */
  CorpusPipeline(Path work, boolean publishing) throws IOException {
    this.work = work;
    this.publishing = publishing;
    this.repository = Files.createDirectories(work.resolve("models"));
    teacher("img", "healthy");
    teacher("asr", "healthy");
    pipeline = new InProcessPipeline(work, repository, 0, 1, registry);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 << 20);
    direct =
        pipeline.own(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  Path blobRoot() {
    return pipeline.blobRoot();
  }

  Path outside() {
    return work.resolve("outside");
  }

  String bootstrapServers() {
    return pipeline.bootstrapServers();
  }

  static TaskTopics topics(String task) {
    return task.equals("img") ? IMG : ASR;
  }

  /** Creates the topics and starts producers, filters, labelers and the trainer. */
  void startStages() throws IOException {
    for (PipelineTask task : List.of(TASKS.get("img"), TASKS.get("asr"))) {
      boolean image = task.kind() == TaskKind.IMAGE;
      filters.put(task.name(), pipeline.startFilter(task, work));
      LabelerConfig.Builder labeler = pipeline.labelerConfig(task);
      labelers.put(
          task.name(),
          pipeline.startLabeler(
              labeler
                  .client(
                      labeler
                          .build()
                          .client()
                          .withInferDeadline(Duration.ofSeconds(image ? 2 : 10)))
                  .instanceId("corpus-0")
                  .batch(new BatchPolicy(8, Duration.ofMillis(5), 4, 256L << 20))
                  .build()));
      ingestors.put(task.name(), pipeline.startIngestor(task));
    }
    startTrainer();
  }

  private void startTrainer() throws IOException {
    LibtorchThreads.configure(1);
    Path student =
        ModelDefinitions.inCache(work.resolve("student")).ensure(DemoModel.IMAGE_STUDENT);
    TrainerConfig config =
        TrainerConfig.builder(IMG.task(), pipeline.bootstrapServers(), work.resolve("trainer"))
            .batch(2, Duration.ofMillis(200))
            .every(1, publishing ? 2 : 0)
            .replay(0, 0, 7)
            .claimChecks(List.of(blobRoot()), 64L << 20)
            .build();
    StudentSettings settings =
        new StudentSettings(
            student,
            CheckpointableOptimizer.Kind.ADAM,
            LearningRateSchedule.constant(0.001f),
            new DistillationLoss(2.0f, 0.8f, 1.0f),
            publishing ? repository : null,
            "img-student",
            0.005);
    trainer =
        new ImageStudentTrainer(
            config,
            settings,
            LabelledImages.fashionMnist(FASHION_MNIST, "t10k").head(16),
            publishing
                ? List.of(
                    GrpcModelServer.uploading(
                        new ServerAddress("127.0.0.1", pipeline.serverPort()),
                        Duration.ofSeconds(30),
                        java.util.Optional.empty(),
                        new ModelRepository(repository)))
                : List.of(),
            registry);
    training = trainerThread.submit(trainer.loop()::run);
  }

  /** The trainer's progress; fails if the trainer stopped on an error. */
  Future<Checkpoint> training() {
    return training;
  }

  Path checkpointDir() {
    return work.resolve("trainer");
  }

  /** Asks the trainer for a last checkpoint and returns it. */
  /** Every stage's metrics as Prometheus would scrape them. */
  String scrape() {
    return registry.scrape();
  }

  Checkpoint stopTrainer() throws Exception {
    trainer.loop().requestStop();
    Checkpoint last = training.get();
    trainer.close();
    return last;
  }

  LabelerStage labeler(String task) {
    return labelers.get(task);
  }

  FilterApp filter(String task) {
    return filters.get(task);
  }

  /** Sends one file through the task's producer. */
  Outcome ingest(String task, Path file) throws InterruptedException {
    return ingestors
        .get(task)
        .send(List.of(new DirectorySource(file.getParent()).sampleFor(file)))
        .get(0);
  }

  /** Writes a value straight to a topic, keyed by {@code key}, and waits for the broker's ack. */
  void write(String topic, String key, byte[] value) throws Exception {
    direct.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  /**
   * Rewrites the task's teacher config with {@code behaviour} ({@code healthy}, {@code nan}, {@code
   * wrong_shape}, {@code hang}, {@code empty_text}, {@code long_text:BYTES}) and reloads it when
   * the server runs.
   */
  void teacher(String task, String behaviour) throws IOException {
    String name = task + "-teacher";
    String[] parts = behaviour.split(":", 2);
    String mode = parts[0].equals("healthy") ? "deterministic" : parts[0];
    String textBytes = parts.length > 1 ? parts[1] : "1048576";
    String io =
        task.equals("img")
            ? """
            input [ { name: "INPUT__0" data_type: TYPE_FP32 dims: [ 1, 28, 28 ] } ]
            output [ { name: "OUTPUT__0" data_type: TYPE_FP32 dims: [ 10 ] } ]
            """
            : """
            input [ { name: "AUDIO" data_type: TYPE_STRING dims: [ 1 ] } ]
            output [ { name: "TRANSCRIPT" data_type: TYPE_STRING dims: [ 1 ] } ]
            """;
    Path dir = Files.createDirectories(repository.resolve(name).resolve("1")).getParent();
    Files.writeString(
        dir.resolve("config.pbtxt"),
        """
        name: "%s"
        backend: "synthetic"
        max_batch_size: 8
        %s
        dynamic_batching { max_queue_delay_microseconds: 2000 }
        parameters: { key: "behaviour" value: { string_value: "%s" } }
        parameters: { key: "text_bytes" value: { string_value: "%s" } }
        parameters: { key: "execution_timeout_ms" value: { string_value: "8000" } }
        """
            .formatted(name, io, mode, textBytes));
    if (pipeline != null) {
      pipeline.server().models().load(name);
    }
  }

  /** Closes everything in reverse start order. */
  @Override
  public void close() {
    trainerThread.shutdownNow();
    pipeline.close();
  }
}
