package io.distillery.trainer.consumer;

import io.distillery.claimcheck.BlobStoreUnavailableException;
import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.kafka.acl.MissingPermission;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.registry.SchemaRegistryException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.engine.HealthProblem;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.engine.WeightAverage;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.publish.StudentPublisher;
import io.distillery.trainer.replay.ReplayBuffer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer-consumer: restores the newest checkpoint (model, optimiser, offsets, counters), reads
 * the accepted topic from the checkpoint's offsets, trains the student batch by batch with replay,
 * checkpoints every few steps and when the stream goes idle, evaluates and offers versions to the
 * publisher. A crash loses only the steps after the last checkpoint, and their records are read
 * again: relative to the restored model no sample is skipped and none is counted twice.
 *
 * <p>With {@link TrainerConfig#idleReplayEpochs()} set, the loop does not sit idle while the stream
 * is quiet (a slow teacher, a paused producer): it takes replay-only steps from its reservoir, a
 * bounded number of passes over what it was offered, polling between steps so that fresh records
 * still come first. Replay-only steps train no fresh sample: the counts and digest of trained
 * samples are those of the stream alone.
 *
 * <p>Student health: a step whose loss or gradients are not finite, or whose gradients explode,
 * updates nothing ({@link TorchScriptModule#lastStep()}); weights are checked for NaN and infinity
 * after every step, and before every checkpoint and evaluation the student's answers on a probe of
 * the held-out set are checked for collapse (one class, one or no transcript, where it gave several
 * before, from {@link TrainerConfig#collapseCheckFromStep()} on). Every checkpoint is thus of a
 * healthy student: when the weights are unusable the run is thrown away and the trainer restarts
 * from its last checkpoint, as after a crash, never publishing the broken state; each problem is
 * counted in {@code distillery_trainer_health_events_total} and a restore is announced as a
 * REJECTED student-version record. After {@value #MAX_RESTORES_IN_A_ROW} restores with no healthy
 * checkpoint past the problem, the trainer stops with {@link StudentUnhealthyException}.
 *
 * <p>Decoding runs ahead of training: the records of each poll are decoded (Avro, and the samples
 * of records whose payload is inline) in order on a second thread while the training thread trains
 * on the ones before, so that on a machine with a core to spare the student does not wait for its
 * input. The training thread still takes every record in order, fetches claim-checked payloads
 * itself (an outage holds the input as before) and decides on each record as before.
 *
 * @param <S> the sample type of the objective
 */
public final class TrainerLoop<S> {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerLoop.class);
  private static final Duration POLL = Duration.ofMillis(200);
  // While replay-only steps are due the loop only looks for records between them.
  private static final Duration POLL_BETWEEN_REPLAY_STEPS = Duration.ofMillis(5);
  // One serde for the run: building one parses every historic schema the build ships.

  private final TrainerConfig config;
  private final Objective<S> objective;
  private final Path initialModel;
  private final Supplier<CheckpointableOptimizer> optimizers;
  private final StudentPublisher publisher;
  private final TrainerMetrics metrics;
  private final WireFormat format;
  private final AvroSerde<ScoredRecord> scoredSerde;
  private volatile StepListener stepListener = (step, samples) -> {};
  private volatile EvaluationListener evaluationListener = (step, samples, metric, decision) -> {};
  private volatile boolean stopRequested;
  private volatile boolean haltRequested;
  private volatile boolean settled;

  /** Restores in a row (no healthy checkpoint past the problem between them) before giving up. */
  static final int MAX_RESTORES_IN_A_ROW = 3;

  private int restoresInARow;
  private long lastProblemStep = -1;
  // whether the student has given several different answers on its probe: from then on, one
  // answer for everything is a collapse
  private boolean diverse;

  /**
   * @param config the trainer's configuration
   * @param objective what the student learns and how it is evaluated
   * @param initialModel the untrained student's TorchScript, used when there is no checkpoint
   * @param optimizers makes the optimiser (its state is restored from the checkpoint)
   * @param publisher gates and publishes versions after evaluations, or null for none
   * @param registry where the trainer's metrics go
   */
  public TrainerLoop(
      TrainerConfig config,
      Objective<S> objective,
      Path initialModel,
      Supplier<CheckpointableOptimizer> optimizers,
      StudentPublisher publisher,
      MeterRegistry registry) {
    this.config = config;
    this.objective = objective;
    this.initialModel = initialModel;
    this.optimizers = optimizers;
    this.publisher = publisher;
    this.metrics = new TrainerMetrics(registry, config.task());
    this.format = WireFormat.from(config.kafkaProperties());
    this.scoredSerde = Serdes.scored(format);
  }

  /** Called on the training thread after every optimisation step. */
  @FunctionalInterface
  public interface StepListener {
    /** The step just taken and the fresh samples trained so far. */
    void afterStep(long step, long samplesTrained);
  }

  /** Called on the training thread after every evaluation. */
  @FunctionalInterface
  public interface EvaluationListener {
    /**
     * An evaluation's result.
     *
     * @param step the step evaluated
     * @param samplesTrained fresh samples trained so far
     * @param metric the held-out metric
     * @param decision what the publisher did, or null when nothing is published
     */
    void afterEvaluation(
        long step, long samplesTrained, Metric metric, StudentPublisher.Decision decision);
  }

  /** Sets what is told about each evaluation (learning curves, reports). */
  public void onEvaluation(EvaluationListener listener) {
    this.evaluationListener = listener;
  }

  /** Sets what is told about each step (progress reports, drills). */
  public void onStep(StepListener listener) {
    this.stepListener = listener;
  }

  /** Asks the loop to train what it holds, write a final checkpoint and return. */
  public void requestStop() {
    stopRequested = true;
  }

  /**
   * Whether the loop is waiting for records with nothing left to do: no partial batch, everything
   * trained is checkpointed and no replay-only step is due. False while it runs ahead of that.
   */
  public boolean settled() {
    return settled;
  }

  /** Stops the loop at once without a checkpoint, as a crash would (for drills and tests). */
  public void halt() {
    haltRequested = true;
  }

  /**
   * Runs until {@link #requestStop} (returns the final checkpoint) or {@link #halt} (throws {@link
   * TrainerHaltedException}).
   */
  public Checkpoint run() throws IOException {
    while (true) {
      try {
        return runFromCheckpoint();
      } catch (StudentUnhealthyException e) {
        StudentUnhealthyException.Finding found = e.finding();
        metrics.unhealthy(found.problem());
        if (publisher != null) {
          publisher.reportRejected(found.problem().code(), found.step(), found.samplesTrained());
        }
        restoresInARow++;
        lastProblemStep = Math.max(lastProblemStep, found.step());
        if (restoresInARow >= MAX_RESTORES_IN_A_ROW) {
          throw new StudentUnhealthyException(
              found,
              "the student broke "
                  + restoresInARow
                  + " times in a row after restoring its last checkpoint; stopping (look at the"
                  + " accepted stream and the learning rate). Last: "
                  + e.getMessage());
        }
        LOG.warn(
            "Student of {} is unhealthy ({}); restoring the last checkpoint and reading the"
                + " stream again from there",
            config.task(),
            e.getMessage());
      }
    }
  }

  private Checkpoint runFromCheckpoint() throws IOException {
    CheckpointStore store = new CheckpointStore(config.checkpointDir());
    Optional<Checkpoint> restored = store.latest();
    TrainingState state = restored.map(TrainingState::from).orElseGet(TrainingState::new);
    Path modelFile = restored.map(c -> store.resolve(c.modelFile())).orElse(initialModel);
    CheckpointableOptimizer optimizer = optimizers.get();
    try (TorchScriptModule module = TorchScriptModule.load(modelFile, optimizer);
        AcceptedStream stream = new AcceptedStream(config, state.nextOffsets, format);
        ClaimCheckResolver resolver =
            new ClaimCheckResolver(config.blobRoots(), config.maxPayloadBytes())) {
      if (restored.isEmpty()) {
        // a student brought by the user is refused here, saying what it should be
        objective.checkStudent(module);
      }
      restored.ifPresent(c -> CheckpointIo.restoreOptimizer(store, c, module, optimizer));
      LOG.info(
          "Trainer for {} starts at step {} with {} samples trained ({})",
          config.task(),
          state.step,
          state.samplesTrained,
          restored.isPresent() ? "checkpoint " + store.dir() : "new model " + initialModel);
      ExecutorService decoder =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread thread = new Thread(r, "distillery-trainer-decoder-" + config.task());
                thread.setDaemon(true);
                return thread;
              });
      try {
        return new Run(state, module, optimizer, stream, store, resolver, decoder).loop();
      } finally {
        decoder.shutdownNow();
      }
    } catch (StudentUnhealthyException e) {
      throw e;
    } catch (RuntimeException e) {
      TaskTopics topics = TaskTopics.of(config.task());
      throw MissingPermission.explain(
          e,
          "trainer",
          config.task(),
          new MissingPermission.StageTopics(
              java.util.Set.of(topics.accepted()),
              java.util.Set.of(topics.dlq(), topics.studentVersions())),
          null);
    }
  }

  /**
   * A record as the decoding thread left it.
   *
   * @param scored the decoded record, null when it could not be decoded
   * @param samples its samples, null when its payload is still to be fetched by claim check or it
   *     failed
   * @param failure why it cannot be trained on, or null
   */
  private record Decoded<S>(ScoredRecord scored, List<S> samples, Exception failure) {}

  /** One run's mutable parts. */
  private final class Run {
    private final TrainingState state;
    private final TorchScriptModule module;
    private final CheckpointableOptimizer optimizer;
    private final AcceptedStream stream;
    private final CheckpointStore store;
    private final ClaimCheckResolver resolver;
    private final ReplayBuffer<S> replay;
    private final WeightAverage average;
    private final ExecutorService decoder;
    private final List<S> pending = new ArrayList<>();
    private final List<java.time.Instant> pendingIngested = new ArrayList<>();
    private long evaluatedAtStep;
    private long idleReplayed;
    private long pendingSince;
    private boolean dirty;
    private Checkpoint last;
    private TorchScriptModule.StepReport lastReport;

    Run(
        TrainingState state,
        TorchScriptModule module,
        CheckpointableOptimizer optimizer,
        AcceptedStream stream,
        CheckpointStore store,
        ClaimCheckResolver resolver,
        ExecutorService decoder) {
      this.state = state;
      this.module = module;
      this.optimizer = optimizer;
      this.stream = stream;
      this.store = store;
      this.resolver = resolver;
      this.replay =
          new ReplayBuffer<>(config.replayCapacity(), config.replayRatio(), config.seed());
      // lives in a sub-manager of the module's, so it goes with the module
      this.average =
          config.weightAverageDecay() > 0
              ? new WeightAverage(module, config.weightAverageDecay())
              : null;
      this.decoder = decoder;
    }

    Checkpoint loop() throws IOException {
      while (!stopRequested) {
        checkHalt();
        ConsumerRecords<byte[], byte[]> records = stream.poll(pollTimeout());
        if (!records.isEmpty()) {
          settled = false;
        }
        List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        List<Future<Decoded<S>>> ahead = decodeAhead(polled);
        try {
          for (int i = 0; i < polled.size(); i++) {
            checkHalt();
            if (!handle(polled.get(i), awaitDecoded(ahead.get(i)))) {
              break;
            }
            if (pending.size() >= config.batchSize()) {
              train();
            }
          }
        } finally {
          // a break or a throw leaves the rest undecided: stop decoding it
          ahead.forEach(f -> f.cancel(false));
        }
        if (records.isEmpty()) {
          idle();
        } else if (lingerExpired()) {
          // records that trickle in never leave a poll empty: the linger still bounds the wait
          train();
        }
      }
      if (!pending.isEmpty()) {
        train();
      }
      if (dirty || last == null) {
        checkpoint();
      }
      if (config.evaluateEverySteps() > 0 && state.step > evaluatedAtStep) {
        // What was trained since the last evaluation still gets its chance to be published; the
        // checkpoint above is safe whatever publishing does.
        try {
          evaluate();
        } catch (StudentUnhealthyException e) {
          throw e;
        } catch (IOException | RuntimeException e) {
          LOG.warn("Final evaluation of {} failed: {}", config.task(), e.toString());
        }
      }
      return dirty ? checkpoint() : last;
    }

    /**
     * How long the next poll may wait: until the partial batch's linger runs out, a replay-only
     * step is due, or {@link #POLL}.
     */
    private Duration pollTimeout() {
      if (idleReplayDue()) {
        return POLL_BETWEEN_REPLAY_STEPS;
      }
      if (pending.isEmpty()) {
        return POLL;
      }
      long left = config.lingerForPartialBatch().toNanos() - (System.nanoTime() - pendingSince);
      return Duration.ofNanos(Math.max(0, Math.min(POLL.toNanos(), left)));
    }

    private boolean lingerExpired() {
      return !pending.isEmpty()
          && System.nanoTime() - pendingSince >= config.lingerForPartialBatch().toNanos();
    }

    private void idle() throws IOException {
      if (lingerExpired()) {
        train();
      }
      if (pending.isEmpty() && idleReplayDue()) {
        replayOnly();
        return;
      }
      if (pending.isEmpty() && dirty) {
        checkpoint();
      }
      settled = pending.isEmpty() && !dirty;
    }

    /** Whether a replay-only step may be taken when the stream is idle. */
    private boolean idleReplayDue() {
      return config.idleReplayEpochs() > 0
          && replay.size() >= config.batchSize()
          && idleReplayed < config.idleReplayEpochs() * replay.offered();
    }

    private void replayOnly() throws IOException {
      List<S> replayed = replay.sample(config.batchSize());
      idleReplayed += replayed.size();
      step(List.of(), replayed);
    }

    /**
     * Submits the decoding of {@code polled}, in order, to the decoding thread: one future per
     * record.
     */
    private List<Future<Decoded<S>>> decodeAhead(List<ConsumerRecord<byte[], byte[]>> polled) {
      List<Future<Decoded<S>>> ahead = new ArrayList<>(polled.size());
      for (ConsumerRecord<byte[], byte[]> record : polled) {
        ahead.add(decoder.submit(() -> decode(record)));
      }
      return ahead;
    }

    /** Waits for a record's decoding, watching for a halt meanwhile. */
    private Decoded<S> awaitDecoded(Future<Decoded<S>> decoded) {
      while (true) {
        checkHalt();
        try {
          return decoded.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // keep waiting
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Trainer of " + config.task() + " interrupted", e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("Decoding failed unexpectedly", e.getCause());
        }
      }
    }

    /**
     * On the decoding thread: the record's scored form and, when its payload is inline, its
     * samples; or why it cannot be trained on. Touches nothing of the run but the objective's
     * decoding.
     */
    private Decoded<S> decode(ConsumerRecord<byte[], byte[]> record) {
      ScoredRecord scored = null;
      try {
        if (record.value() == null) {
          throw new RefusedRecordException(
              DeadLetterReason.TOMBSTONE, "accepted record value is null");
        }
        try {
          scored = scoredSerde.decode(record.value());
        } catch (SchemaRegistryException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new RefusedRecordException(DeadLetterReason.UNDECODABLE_RECORD, e.getMessage());
        }
        if (scored.getLabeled().getRaw().getInline() == null) {
          return new Decoded<>(scored, null, null);
        }
        return new Decoded<>(
            scored,
            objective.decode(scored, ClaimCheckResolver.inline(scored.getLabeled().getRaw())),
            null);
      } catch (RefusedRecordException | RuntimeException e) {
        return new Decoded<>(scored, null, e);
      }
    }

    /**
     * Trains on or dead-letters one record; false when the trainer is stopping while the record's
     * claim-check store is unavailable, leaving it (and what follows) unconsumed.
     */
    private boolean handle(ConsumerRecord<byte[], byte[]> record, Decoded<S> decoded) {
      String id = decoded.scored() == null ? null : decoded.scored().getLabeled().getRaw().getId();
      try {
        if (decoded.failure() instanceof RefusedRecordException refused) {
          throw refused;
        }
        if (decoded.failure() instanceof RuntimeException failed) {
          throw failed;
        }
        ScoredRecord scored = decoded.scored();
        List<S> samples =
            decoded.samples() != null
                ? decoded.samples()
                : objective.decode(
                    scored,
                    resolver.payloadWhenAvailable(
                        scored.getLabeled().getRaw(), () -> !stopRequested));
        if (pending.isEmpty()) {
          pendingSince = System.nanoTime();
        }
        // all of a record's samples go into the same step, so that a checkpoint never holds a
        // record's offset with only some of its pieces trained
        pending.addAll(samples);
        pendingIngested.add(scored.getLabeled().getRaw().getIngestTime());
      } catch (RefusedRecordException e) {
        deadLetter(record, id, e.reason(), e.getMessage());
      } catch (SchemaRegistryException e) {
        throw e;
      } catch (BlobStoreUnavailableException e) {
        if (!stopRequested) {
          // interrupted without a stop: end the run here rather than pass over the record
          throw e;
        }
        // stopping during an outage: the record stays unconsumed for the next run
        LOG.warn("Stopping during a claim-check store outage; {} is read again next run", id);
        return false;
      } catch (RuntimeException e) {
        deadLetter(record, id, DeadLetterReason.UNEXPECTED, e.toString());
      }
      state.consumed(record.partition(), record.offset());
      return true;
    }

    private void deadLetter(
        ConsumerRecord<byte[], byte[]> record, String id, DeadLetterReason type, String why) {
      LOG.warn(
          "Dead-lettering {}-{}@{} (record {}): {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          id,
          type,
          why);
      stream.deadLetter(record, id, type, why);
      state.samplesDeadLettered++;
      metrics.deadLettered.increment();
      dirty = true;
    }

    private void train() throws IOException {
      step(List.copyOf(pending), replay.draw(pending.size()));
    }

    private void step(List<S> fresh, List<S> replayed) throws IOException {
      List<S> batch = new ArrayList<>(fresh);
      batch.addAll(replayed);
      long start = System.nanoTime();
      float loss = objective.step(module, batch);
      TorchScriptModule.StepReport report = module.lastStep();
      if (report != null && report != lastReport && report.skipped() != null) {
        metrics.unhealthy(report.skipped());
      }
      lastReport = report;
      if (!module.weightsFinite()) {
        throw new StudentUnhealthyException(
            new StudentUnhealthyException.Finding(
                HealthProblem.NON_FINITE_WEIGHTS, state.step + 1, state.samplesTrained),
            "a weight is NaN or infinite after the step");
      }
      if (average != null) {
        average.update();
      }
      metrics.stepped(fresh.size(), replayed.size(), loss, System.nanoTime() - start);
      state.step++;
      state.samplesTrained += fresh.size();
      state.samplesReplayed += replayed.size();
      for (S sample : fresh) {
        state.idDigest += Checkpoint.idHash(objective.id(sample));
        replay.offer(sample);
      }
      long now = System.currentTimeMillis();
      for (java.time.Instant ingested : pendingIngested) {
        if (ingested != null) {
          metrics.fresh(TimeUnit.MILLISECONDS.toNanos(now - ingested.toEpochMilli()));
        }
      }
      pending.clear();
      pendingIngested.clear();
      dirty = true;
      if (state.step % config.checkpointEverySteps() == 0) {
        checkpoint();
      }
      if (config.evaluateEverySteps() > 0 && state.step % config.evaluateEverySteps() == 0) {
        evaluate();
      }
      stepListener.afterStep(state.step, state.samplesTrained);
    }

    /**
     * Throws when the weights are not finite, or when the student that gave several answers on its
     * probe now gives one.
     */
    private void checkHealthy() {
      if (!module.weightsFinite()) {
        throw new StudentUnhealthyException(
            new StudentUnhealthyException.Finding(
                HealthProblem.NON_FINITE_WEIGHTS, state.step, state.samplesTrained),
            "a weight is NaN or infinite");
      }
      if (state.step < config.collapseCheckFromStep()) {
        return;
      }
      int distinct = objective.distinctOutputs(module);
      if (distinct >= 2) {
        diverse = true;
      } else if (distinct >= 0 && diverse) {
        throw new StudentUnhealthyException(
            new StudentUnhealthyException.Finding(
                HealthProblem.COLLAPSED_OUTPUTS, state.step, state.samplesTrained),
            "the student gives "
                + (distinct == 0 ? "no answer" : "one answer")
                + " for its whole probe set, after giving several");
      }
    }

    private Checkpoint checkpoint() throws IOException {
      checkHealthy();
      stream.flush();
      last = CheckpointIo.save(store, state, config.task(), stream.topic(), module, optimizer);
      if (state.step > lastProblemStep) {
        restoresInARow = 0;
      }
      stream.commitForMonitoring(state.nextOffsets);
      dirty = false;
      LOG.debug(
          "Checkpoint at step {}: {} samples, offsets {}",
          state.step,
          state.samplesTrained,
          state.nextOffsets);
      return last;
    }

    private void evaluate() throws IOException {
      checkHealthy();
      if (average == null) {
        evaluateAndPublish();
      } else {
        average.withAverage(
            () -> {
              evaluateAndPublish();
              return null;
            });
      }
    }

    /** Evaluates the weights in the module and offers them to the publisher. */
    private void evaluateAndPublish() throws IOException {
      evaluatedAtStep = state.step;
      Metric metric = objective.evaluate(module);
      metrics.evaluated(metric);
      LOG.info(
          "Step {}: {} {} after {} samples",
          state.step,
          metric.name(),
          metric.value(),
          state.samplesTrained);
      StudentPublisher.Decision decision = null;
      if (publisher != null) {
        decision = publisher.consider(module, metric, state.step, state.samplesTrained);
        if (decision.published()) {
          state.publishedVersion = decision.version();
          state.publishedMetric = metric.value();
          dirty = true;
        }
      }
      evaluationListener.afterEvaluation(state.step, state.samplesTrained, metric, decision);
    }

    private void checkHalt() {
      if (haltRequested) {
        throw new TrainerHaltedException(state.step, state.samplesTrained);
      }
    }
  }
}
