package io.distillery.lab.chaos;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.broker.EmbeddedKafkaCluster;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.files.Folders;
import io.distillery.lab.process.StageProcess;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.publish.StudentSignature;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One chaos run: a Kafka cluster (one broker, or three brokers replicating every topic three times
 * with two in sync), the inference server, a labeler, a filter and a trainer, each a process of its
 * own; Fashion-MNIST images streamed in while stages are SIGKILLed at random and restarted, and
 * brokers too: the single broker once, or on three brokers the leader of the raw topic's first
 * partition, twice; then, once everything has caught up, the trainer is stopped and the
 * conservation checks run.
 */
public final class ChaosRun {

  /** The run's settings. */
  public record Settings(
      Path home,
      Path workDir,
      int records,
      int kills,
      long seed,
      int partitions,
      double ingestRate,
      Duration settleTimeout,
      int brokers) {

    /** Validates at once. */
    public Settings {
      if (brokers != 1 && brokers != 3) {
        throw new IllegalArgumentException("chaos runs on 1 or 3 brokers, not " + brokers);
      }
    }
  }

  /**
   * What the run did and found.
   *
   * @param kills stage kills per stage
   * @param brokerRestarts broker kills, each followed by a restart
   * @param conservation the checks on the topics and the trainer's checkpoint
   * @param outOfOrderRejections batches the brokers refused with Kafka's retriable "Expected
   *     sequence 0 for transactions v2 idempotent producer with no existing state" (or "earliest
   *     seen sequence"): a later batch of a transaction reached a partition before the first one
   *     was appended (after a leader change, or while the first was still being verified); each
   *     cost its producer one retry, and conservation says whether any cost more
   */
  public record Outcome(
      Map<String, Integer> kills,
      int brokerRestarts,
      Conservation conservation,
      int outOfOrderRejections) {

    /** Prints the kills survived and the conservation figures, ending with the verdict. */
    public void print(PrintWriter out) {
      Conservation c = conservation();
      int total = kills().values().stream().mapToInt(Integer::intValue).sum();
      out.printf("kills survived: %d %s + broker restarts %d%n", total, kills(), brokerRestarts());
      out.printf(
          "batches refused as out of order and retried by their producer: %d%n",
          outOfOrderRejections());
      out.printf(
          "records: raw %d, labeled %d (duplicates %d), accepted %d, rejected %d, dead letters %d%n",
          c.raw(),
          c.labeled(),
          c.labeledDuplicates(),
          c.accepted(),
          c.rejected(),
          c.deadLettered());
      out.printf("decided twice: %d, lost: %d%n", c.decidedDuplicates(), c.lost());
      out.printf(
          "trainer: %d trained + %d dead-lettered of %d accepted, id digest %s%n",
          c.trainerSamples(),
          c.trainerDeadLettered(),
          c.accepted(),
          c.trainerDigestMatches() ? "matches (each accepted record trained once)" : "DIFFERS");
      out.println(c.holds() ? "conservation holds" : "CONSERVATION VIOLATED");
      out.flush();
    }
  }

  static final String TASK = "chaos";
  private static final String TEACHER = "chaos-teacher";

  /**
   * The untrained teacher's classes split the stream. On Fashion-MNIST training images it answers
   * almost only 0 (about 44%), 5 and 6 (about 28% each): classes up to 5 are accepted, 6 and above
   * rejected, and the balance cap (a state store, so it must survive the filter's crashes) rejects
   * class 0 whenever it would hold more than 60% of what was accepted. About seven records in ten
   * reach the trainer.
   */
  private static final String POLICY =
      """
      {"name": "chaos", "task": "chaos", "scorers": ["classification"],
       "rules": [{"score": "predicted-class", "acceptAtMost": 5}],
       "balance": {"by": "predicted-class", "maxShare": 0.6, "minAccepted": 20}}
      """;

  private final Settings settings;
  private final PrintWriter out;
  private final Random random;
  private final List<String> brokerAddresses = new ArrayList<>();

  public ChaosRun(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
    this.random = new Random(settings.seed());
  }

  public Outcome run() throws Exception {
    Path work = settings.workDir();
    Folders.deleteRecursively(work);
    Path logs = work.resolve("logs");
    Path repository = work.resolve("model-repository");
    Path blobs = Files.createDirectories(work.resolve("blobs"));
    Path checkpoints = work.resolve("trainer");
    writeTeacher(repository, settings.home());
    Path policy = Files.writeString(Files.createDirectories(work).resolve("policy.json"), POLICY);
    int serverPort = freePort();
    TaskTopics topics = TaskTopics.of(TASK);

    List<StageProcess> all = new ArrayList<>();
    List<StageProcess> brokers = brokers(all, work, logs);
    String bootstrap = String.join(",", brokerAddresses);
    StageProcess server =
        stage(
            all,
            "server",
            "768m",
            logs,
            "serve-models",
            "--repository",
            repository.toString(),
            "--port",
            Integer.toString(serverPort),
            "--torch-threads",
            "1");
    StageProcess labeler =
        stage(
            all,
            "labeler",
            "512m",
            logs,
            "label",
            "-b",
            bootstrap,
            "--task",
            TASK,
            "--kind",
            "image",
            "--servers",
            "127.0.0.1:" + serverPort,
            "--models",
            "teacher=" + TEACHER,
            "--claim-check-root",
            blobs.toString(),
            "--deadline-ms",
            "5000");
    StageProcess filter =
        stage(
            all,
            "filter",
            "512m",
            logs,
            "filter",
            "-b",
            bootstrap,
            "--task",
            TASK,
            "--policy",
            policy.toString(),
            "--state-dir",
            work.resolve("filter-state").toString());
    StageProcess trainer =
        stage(
            all,
            "trainer",
            "768m",
            logs,
            "train",
            "-b",
            bootstrap,
            "--task",
            TASK,
            "--checkpoint-dir",
            checkpoints.toString(),
            "--checkpoint-every",
            "5",
            "--evaluate-every",
            "0",
            "--eval-samples",
            "10",
            "--no-publish",
            "--batch-size",
            "16",
            "--linger-ms",
            "200",
            "--replay-capacity",
            "200",
            "--blob-root",
            blobs.toString());
    List<StageProcess> victims = List.of(labeler, filter, trainer, server);
    int brokerRestarts = 0;
    try {
      for (StageProcess broker : brokers) {
        broker.start();
      }
      awaitTopics(bootstrap, topics);
      server.start();
      for (StageProcess s : List.of(labeler, filter, trainer)) {
        s.start();
      }
      out.printf(
          "chaos: broker %s, server 127.0.0.1:%d, logs in %s%n", bootstrap, serverPort, logs);
      out.flush();
      ExecutorService ingest = Executors.newSingleThreadExecutor();
      Future<IngestSummary> ingestion = ingest.submit(() -> ingest(bootstrap, blobs));
      ingest.shutdown();
      Set<Integer> brokerFaults =
          brokers.size() == 1
              ? Set.of(settings.kills() / 2)
              : new java.util.TreeSet<>(List.of(settings.kills() / 3, 2 * settings.kills() / 3));
      for (int k = 0; k < settings.kills(); k++) {
        pause(1000, 4000);
        if (brokerFaults.contains(k)) {
          StageProcess broker = brokers.get(brokers.size() == 1 ? 0 : leaderOfRaw(bootstrap) - 1);
          out.printf(
              "chaos: SIGKILL %s%s, restart on the same data directory%n",
              broker.name(), brokers.size() == 1 ? "" : " (leader of " + topics.raw() + "-0)");
          out.flush();
          broker.kill();
          pause(brokers.size() == 1 ? 500 : 3000, brokers.size() == 1 ? 2000 : 8000);
          broker.start();
          brokerRestarts++;
          continue;
        }
        StageProcess victim = victims.get(random.nextInt(victims.size()));
        out.printf("chaos: kill %d of %d: SIGKILL %s%n", k + 1, settings.kills(), victim.name());
        out.flush();
        victim.kill();
        pause(200, 2500);
        victim.start();
      }
      IngestSummary ingested = ingestion.get();
      int corrupt = corruptRecords(settings.records());
      out.printf(
          "chaos: ingested %d images (%d failed) and %d corrupt records%n",
          ingested.sent(), ingested.failed(), corrupt);
      out.flush();
      awaitSettled(bootstrap, topics, checkpoints, ingested.sent() + corrupt, all);
      int exit = trainer.stop(60);
      out.printf("chaos: trainer stopped with exit code %d%n", exit);
      Checkpoint last =
          new CheckpointStore(checkpoints)
              .latest()
              .orElseThrow(() -> new IllegalStateException("the trainer left no checkpoint"));
      Conservation conservation = Conservation.check(bootstrap, topics, last);
      Map<String, Integer> kills = new java.util.LinkedHashMap<>();
      for (StageProcess v : victims) {
        kills.put(v.name(), v.kills());
      }
      return new Outcome(kills, brokerRestarts, conservation, outOfOrderRejections(logs));
    } finally {
      for (StageProcess s : all) {
        if (!brokers.contains(s)) {
          s.close();
        }
      }
      // the cluster's data is thrown away: no need for a controlled shutdown, node by node
      for (StageProcess broker : brokers) {
        broker.close();
      }
    }
  }

  /** Lines of the brokers' logs that refused a batch as out of order (see {@link Outcome}). */
  private static int outOfOrderRejections(Path logs) throws IOException {
    int lines = 0;
    try (var files = Files.newDirectoryStream(logs, "broker*.log")) {
      for (Path log : files) {
        try (var read = Files.lines(log, java.nio.charset.StandardCharsets.UTF_8)) {
          lines +=
              (int)
                  read.filter(
                          l -> l.startsWith("org.apache.kafka.common.errors.OutOfOrderSequence"))
                      .count();
        }
      }
    }
    return lines;
  }

  /**
   * The broker processes: one, or three nodes of one cluster (each a controller and a broker, with
   * fixed ports so a node restarts where the others expect it).
   */
  private List<StageProcess> brokers(List<StageProcess> all, Path work, Path logs)
      throws IOException {
    List<StageProcess> brokers = new ArrayList<>();
    if (settings.brokers() == 1) {
      int port = freePort();
      brokerAddresses.add("127.0.0.1:" + port);
      brokers.add(
          stage(
              all,
              "broker",
              "768m",
              logs,
              "kafka",
              "--data-dir",
              work.resolve("kafka").toString(),
              "--port",
              Integer.toString(port)));
      return brokers;
    }
    List<Integer> controllerPorts = new ArrayList<>();
    List<Integer> clientPorts = new ArrayList<>();
    for (int i = 0; i < settings.brokers(); i++) {
      controllerPorts.add(freePort());
      clientPorts.add(freePort());
      brokerAddresses.add("127.0.0.1:" + clientPorts.get(i));
    }
    String quorum = EmbeddedKafkaCluster.voters(controllerPorts);
    String clusterId = EmbeddedKafka.newClusterId();
    for (int i = 0; i < settings.brokers(); i++) {
      brokers.add(
          stage(
              all,
              "broker-" + (i + 1),
              "512m",
              logs,
              "kafka",
              "--data-dir",
              work.resolve("kafka").resolve("node-" + (i + 1)).toString(),
              "--port",
              Integer.toString(clientPorts.get(i)),
              "--node-id",
              Integer.toString(i + 1),
              "--quorum",
              quorum,
              "--controller-port",
              Integer.toString(controllerPorts.get(i)),
              "--cluster-id",
              clusterId));
    }
    return brokers;
  }

  private static int registeredBrokers(String bootstrap) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin.describeCluster().nodes().get(10, java.util.concurrent.TimeUnit.SECONDS).size();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** The node id of the broker leading the raw topic's first partition. */
  private static int leaderOfRaw(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      return admin
          .describeTopics(List.of(TaskTopics.of(TASK).raw()))
          .allTopicNames()
          .get(30, java.util.concurrent.TimeUnit.SECONDS)
          .get(TaskTopics.of(TASK).raw())
          .partitions()
          .get(0)
          .leader()
          .id();
    }
  }

  private IngestSummary ingest(String bootstrap, Path blobs) throws Exception {
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR,
            FashionMnistSource.Split.TRAIN,
            0,
            settings.records(),
            true);
    IngestConfig config =
        IngestConfig.defaults(TASK, bootstrap)
            .withBlobRoot(blobs)
            .withRate(settings.ingestRate())
            // Sends wait out a broker restart instead of failing.
            .withKafkaOverrides(Map.of("delivery.timeout.ms", 600_000, "max.block.ms", 600_000));
    IngestSummary summary = Ingestor.run(source, config);
    sendCorrupt(bootstrap);
    return summary;
  }

  /**
   * Raw records whose payload is not an image (the producer's validation bypassed, as a faulty
   * producer would): the labeler must dead-letter each once, kills or not.
   */
  private void sendCorrupt(String bootstrap) {
    Map<String, Object> config = new java.util.HashMap<>();
    config.put("bootstrap.servers", bootstrap);
    config.put("enable.idempotence", true);
    config.put("acks", "all");
    config.put("delivery.timeout.ms", 600_000);
    config.put("max.block.ms", 600_000);
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(
            config,
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < corruptRecords(settings.records()); i++) {
        byte[] garbage = new byte[200];
        random.nextBytes(garbage);
        String id = "corrupt-" + i;
        io.distillery.schemas.avro.RawRecord raw =
            io.distillery.schemas.avro.RawRecord.newBuilder()
                .setId(id)
                .setTask(TASK)
                .setModality(io.distillery.schemas.avro.Modality.IMAGE)
                .setContentType("image/png")
                .setInline(java.nio.ByteBuffer.wrap(garbage))
                .setSource("chaos/corrupt/" + i)
                .setIngestTime(java.time.Instant.now())
                .build();
        producer.send(
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                TaskTopics.of(TASK).raw(),
                id.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                io.distillery.schemas.serde.Serdes.raw().encode(raw)));
      }
    }
  }

  /** How many corrupt records a run of {@code records} images adds: one in fifty. */
  public static int corruptRecords(int records) {
    return Math.max(1, records / 50);
  }

  /** Waits until every raw record is decided and the trainer's checkpoint covers the accepted. */
  private void awaitSettled(
      String bootstrap, TaskTopics topics, Path checkpoints, long sent, List<StageProcess> all)
      throws Exception {
    long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
    try (Progress progress = new Progress(bootstrap, topics)) {
      awaitUntil(
          deadline,
          () -> {
            restartDead(all);
            Progress.Counts counts = progress.counts();
            long trained = checkpointed(checkpoints);
            return counts.decided() >= sent && trained >= counts.accepted();
          },
          () -> "records still undecided or untrained after " + settings.settleTimeout());
    }
  }

  private void restartDead(List<StageProcess> all) {
    for (StageProcess s : all) {
      if (!s.isAlive()) {
        out.println(
            "chaos: " + s.name() + " exited by itself, see " + s.lastLog() + "; restarting");
        out.flush();
        try {
          s.start();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
  }

  private static long checkpointed(Path checkpoints) {
    try {
      return new CheckpointStore(checkpoints)
          .latest()
          .map(c -> c.samplesTrained() + c.samplesDeadLettered())
          .orElse(0L);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Creates the topics once every broker has registered, so a replicated cluster's topics get their
   * three replicas rather than as many as had come up.
   */
  private void awaitTopics(String bootstrap, TaskTopics topics) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (registeredBrokers(bootstrap) < settings.brokers()) {
          Thread.sleep(500);
          continue;
        }
        TopicProvisioner.ensure(bootstrap, topics, TopicLayout.partitions(settings.partitions()));
        return;
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(1000);
      }
    }
    throw new IllegalStateException("the broker did not come up at " + bootstrap, last);
  }

  private static void awaitUntil(
      long deadline, BooleanSupplier done, java.util.function.Supplier<String> failure)
      throws InterruptedException {
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(failure.get());
      }
      Thread.sleep(2000);
    }
  }

  private void pause(int minMillis, int maxMillis) throws InterruptedException {
    Thread.sleep(minMillis + random.nextInt(maxMillis - minMillis));
  }

  private StageProcess stage(
      List<StageProcess> all, String name, String heap, Path logs, String... args) {
    StageProcess p = new StageProcess(name, List.of(args), heap, logs, settings.home());
    all.add(p);
    return p;
  }

  /** The untrained image teacher definition as version 1 of the chaos teacher. */
  private static void writeTeacher(Path repository, Path home) throws IOException {
    Path definition =
        ModelDefinitions.inCache(home.resolve(".distillery").resolve("models"))
            .ensure(DemoModel.IMAGE_TEACHER);
    byte[] model = Files.readAllBytes(definition);
    new ModelRepository(repository)
        .writeVersion(
            StudentSignature.imageClassifier(TEACHER).modelConfig(),
            1,
            Map.of(ModelRepository.MODEL_FILE, o -> o.write(model)));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
