package io.distillery.labeler.stage;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.kafka.acl.MissingPermission;
import io.distillery.kserve.client.TritonClient;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.batch.InFlightBudget;
import io.distillery.labeler.batch.MicroBatcher;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.labeler.inference.BatchInference;
import io.distillery.labeler.inference.BoundModel;
import io.distillery.labeler.inference.ItemResult;
import io.distillery.labeler.task.TaskAdapter;
import io.distillery.schemas.serde.WireFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One labeler instance: polls raw records, micro-batches them to the models and writes each label
 * or dead letter exactly once, in transactions that also commit the consumed offsets. Its loop runs
 * on its own thread and only does bookkeeping; payloads are fetched and decoded on intake threads
 * (one per batch in flight) and transactions committed on a writer thread, so neither holds up the
 * teachers. {@link #close()} stops it after a last commit of what is finished.
 */
public final class LabelerStage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LabelerStage.class);

  private final LabelerConfig config;
  private final TritonClient client;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final TransactionWriter writer;
  private final AtomicReference<BatchInference> inference;
  private final LiveStudents students;
  private final Intake intake;
  private final ClaimCheckResolver claimChecks;
  private final ExecutorService intakeThreads;
  private final InFlightBudget budget;
  private final LabelerMetrics metrics;
  private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
  private final Partitions partitions;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** One batch's answer, handed from inference threads to the loop thread. */
  record Finished(List<Pending> batch, List<ItemResult> results, Throwable failure) {}

  private LabelerStage(LabelerConfig config, MeterRegistry registry) {
    this.config = config;
    this.client = TritonClient.connect(config.client(), registry);
    List<ModelBinding> served =
        config.models().stream().filter(b -> !LiveStudents.isStudent(b)).toList();
    List<String> names = served.stream().map(ModelBinding::model).distinct().toList();
    client.awaitModels(names, config.modelWait(), line -> LOG.info("Labeler: {}", line));
    client.watch(names);
    List<BoundModel> models = new ArrayList<>();
    int batchCap = config.batch().maxBatchSize();
    for (ModelBinding b : served) {
      ModelSignature signature =
          client.signature(b.model(), config.batch().maxBatchSize(), Duration.ofSeconds(60));
      BoundModel m =
          new BoundModel(b.role(), Binder.bind(signature, config.kind(), config.bindings()));
      LOG.info(
          "Model {} ({}) version {}: max batch {}, bound {}",
          b.model(),
          b.role(),
          signature.version(),
          signature.maxBatchSize(),
          m.binding().describe());
      batchCap = Math.min(batchCap, m.binding().itemsPerRequest());
      models.add(m);
    }
    List<String> studentNames =
        config.models().stream().filter(LiveStudents::isStudent).map(ModelBinding::model).toList();
    Binder.checkUsed(
        config.bindings().stream()
            .filter(o -> studentNames.stream().noneMatch(st -> o.target().startsWith(st + ":")))
            .toList(),
        models.stream().map(m -> m.signature()).toList());
    BatchPolicy policy = config.batch().cappedAt(batchCap);
    TaskAdapter adapter = TaskAdapter.forKind(config.kind());
    WireFormat format = WireFormat.from(config.producerOverrides());
    LOG.info("Wire format: {}", format.describe());
    this.inference = new AtomicReference<>(new BatchInference(client, models, adapter));
    this.students = new LiveStudents(client, config, inference);
    students.start();
    this.claimChecks =
        new ClaimCheckResolver(config.claimCheckRoots(), config.maxClaimCheckBytes());
    this.intake = new Intake(claimChecks, adapter, format);
    this.budget = new InFlightBudget(policy);
    this.intakeThreads = intakeThreads(config.instanceId(), policy.maxInFlightBatches());
    this.metrics = new LabelerMetrics(registry, config.topics().task(), budget);
    metrics.studentMisses(inference);
    this.consumer = KafkaClients.consumer(config);
    this.producer = KafkaClients.producer(config);
    this.writer = new TransactionWriter(producer, budget, metrics, config.instanceId());
    this.partitions =
        new Partitions(
            consumer,
            writer,
            new Outcomes(config.topics(), config.instanceId(), format),
            new MicroBatcher<>(policy),
            budget,
            metrics,
            config.commitInterval());
    this.thread = new Thread(this::loop, "labeler-" + config.instanceId());
  }

  /**
   * Connects to the servers, reads every model's signature (waiting up to a minute for a server),
   * and starts the loop on its own thread.
   */
  public static LabelerStage start(LabelerConfig config, MeterRegistry registry) {
    LabelerStage stage = new LabelerStage(config, registry);
    stage.thread.start();
    return stage;
  }

  private void loop() {
    try {
      producer.initTransactions();
      consumer.subscribe(List.of(config.topics().raw()), partitions);
      LOG.info(
          "Labeler {} reading {} as group {} with transactional id {}",
          config.instanceId(),
          config.topics().raw(),
          config.groupId(),
          config.transactionalId());
      while (running) {
        step();
      }
      partitions.commit();
    } catch (WakeupException e) {
      if (running) {
        failure.set(e);
      } else {
        partitions.commitQuietly();
      }
    } catch (RuntimeException e) {
      RuntimeException explained =
          MissingPermission.explain(
              e,
              "labeler",
              config.topics().task(),
              new MissingPermission.StageTopics(
                  java.util.Set.of(config.topics().raw()),
                  java.util.Set.of(config.topics().labeled(), config.topics().dlq())),
              config.transactionalId());
      LOG.error("Labeler {} stopped: {}", config.instanceId(), explained.getMessage(), e);
      failure.set(explained);
    } finally {
      closeClients();
      stopped.countDown();
    }
  }

  private void step() {
    Finished f;
    while ((f = finished.poll()) != null) {
      budget.batchDone();
      partitions.finish(f);
    }
    long now = System.nanoTime();
    partitions.cutExpired(now);
    List<Pending> batch;
    while (budget.canSendBatch() && (batch = partitions.nextBatch()) != null) {
      send(batch);
    }
    partitions.maybeCommit(now);
    partitions.adjustPause();
    boolean busy = budget.batchesInFlight() > 0 || partitions.writing();
    long waitMs = busy ? 5 : partitions.millisUntilExpiry(now, 100);
    for (ConsumerRecord<byte[], byte[]> r : poll(Duration.ofMillis(waitMs))) {
      partitions.accept(r, intake, System.nanoTime());
    }
  }

  /**
   * The consumer's poll. Under the consumer group protocol a refused READ on the raw topic comes
   * back from the group heartbeat without the topic's name; the subscription names it.
   */
  private ConsumerRecords<byte[], byte[]> poll(Duration wait) {
    try {
      return consumer.poll(wait);
    } catch (TopicAuthorizationException e) {
      if (!e.unauthorizedTopics().isEmpty()) {
        throw e;
      }
      TopicAuthorizationException named =
          new TopicAuthorizationException(e.getMessage(), consumer.subscription());
      named.initCause(e);
      throw named;
    }
  }

  private void send(List<Pending> batch) {
    budget.batchSent();
    metrics.batchSent(batch.size());
    BatchInference models = inference.get();
    CompletableFuture.supplyAsync(
            () -> new PreparedBatch(batch, intake, models.models()), intakeThreads)
        .thenCompose(
            prepared ->
                prepared.items().isEmpty()
                    ? CompletableFuture.completedFuture(prepared.merge(List.of()))
                    : models.run(prepared.items()).thenApply(prepared::merge))
        .whenComplete((results, error) -> finished.add(new Finished(batch, results, error)));
  }

  /** One thread per batch in flight: each fetches and decodes its batch's payloads. */
  private static ExecutorService intakeThreads(String instance, int n) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "labeler-" + instance + "-intake-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The error that stopped the loop (e.g. fenced by a newer instance), if any. */
  public Throwable failure() {
    return failure.get();
  }

  /** Whether the loop has ended. */
  public boolean stopped() {
    return stopped.getCount() == 0;
  }

  /** Waits for the loop to end. */
  public boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops after committing what is finished; unfinished records are labeled by the next owner. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      if (!stopped.await(30, TimeUnit.SECONDS)) {
        LOG.warn("Labeler {} did not stop within 30 s", config.instanceId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeClients() {
    partitions.closing();
    try {
      consumer.close();
    } catch (RuntimeException e) {
      LOG.warn("Closing the consumer of labeler {} failed: {}", config.instanceId(), e.toString());
    }
    writer.close();
    intakeThreads.shutdownNow();
    students.close();
    claimChecks.close();
    producer.close(Duration.ofSeconds(5));
    client.close();
  }
}
