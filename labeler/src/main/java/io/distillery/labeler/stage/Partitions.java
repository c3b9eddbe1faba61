package io.distillery.labeler.stage;

import io.distillery.labeler.batch.InFlightBudget;
import io.distillery.labeler.batch.InOrderCompletion;
import io.distillery.labeler.batch.MicroBatcher;
import io.distillery.labeler.inference.ItemResult;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop thread's bookkeeping of owned partitions: records taken in, batches waiting, results
 * released in offset order, and the transactions that write them with their offsets (run by a
 * {@link TransactionWriter}, one at a time, while the loop goes on). A result is written only once
 * every earlier offset of its partition is finished, so the committed offset never passes an
 * unwritten record and never trails a written one.
 */
final class Partitions implements ConsumerRebalanceListener {

  private static final Logger LOG = LoggerFactory.getLogger(Partitions.class);

  /** A finished record: what to write, and the payload bytes it held. */
  record Done(
      ProducerRecord<byte[], byte[]> record,
      long bytes,
      boolean labeled,
      DeadLetterReason reason) {}

  private static final class State {
    final long generation;
    final InOrderCompletion<Done> completion = new InOrderCompletion<>();

    State(long generation) {
      this.generation = generation;
    }
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TransactionWriter writer;
  private final Outcomes outcomes;
  private final MicroBatcher<Pending> batcher;
  private final InFlightBudget budget;
  private final LabelerMetrics metrics;
  private final long commitNanos;
  private final Map<TopicPartition, State> states = new HashMap<>();
  private final Deque<List<Pending>> ready = new ArrayDeque<>();
  private long generations;
  private long lastCommit = System.nanoTime();
  private CompletableFuture<TransactionWriter.Outcome> writing;
  private boolean paused;
  private boolean closing;

  Partitions(
      KafkaConsumer<byte[], byte[]> consumer,
      TransactionWriter writer,
      Outcomes outcomes,
      MicroBatcher<Pending> batcher,
      InFlightBudget budget,
      LabelerMetrics metrics,
      Duration commitInterval) {
    this.consumer = consumer;
    this.writer = writer;
    this.outcomes = outcomes;
    this.batcher = batcher;
    this.budget = budget;
    this.metrics = metrics;
    this.commitNanos = commitInterval.toNanos();
  }

  void accept(ConsumerRecord<byte[], byte[]> r, Intake intake, long now) {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    State state = states.get(tp);
    if (state == null) {
      return;
    }
    long bytes = r.value() == null ? 0 : r.value().length;
    state.completion.track(r.offset());
    budget.acquireBytes(bytes);
    try {
      RawRecord raw = intake.decode(r);
      List<Pending> full = batcher.add(new Pending(r, state.generation, raw), now);
      if (!full.isEmpty()) {
        ready.add(full);
      }
    } catch (Intake.Refused e) {
      LOG.warn(
          "Dead-lettering {}-{}@{} (record {}): {}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.recordId,
          e.reason,
          e.getMessage());
      state.completion.complete(
          r.offset(),
          new Done(outcomes.dead(r, e.recordId, e.reason, e.getMessage()), bytes, false, e.reason));
    }
  }

  void cutExpired(long now) {
    List<Pending> late = batcher.expired(now);
    if (!late.isEmpty()) {
      ready.add(late);
    }
  }

  List<Pending> nextBatch() {
    return ready.poll();
  }

  long millisUntilExpiry(long now, long max) {
    long nanos = batcher.nanosUntilExpiry(now);
    return nanos < 0 ? max : Math.max(1, Math.min(max, nanos / 1_000_000));
  }

  void finish(LabelerStage.Finished f) {
    if (f.failure() != null) {
      LOG.warn(
          "Batch of {} records failed retriably, resending: {}",
          f.batch().size(),
          f.failure().toString());
      List<Pending> live = new ArrayList<>();
      for (Pending p : f.batch()) {
        if (current(p)) {
          live.add(p);
        } else {
          budget.releaseBytes(p.bytes());
        }
      }
      if (!live.isEmpty()) {
        ready.addFirst(live);
      }
      return;
    }
    for (int i = 0; i < f.batch().size(); i++) {
      Pending p = f.batch().get(i);
      ItemResult r = f.results().get(i);
      ConsumerRecord<byte[], byte[]> s = p.source();
      Done done;
      if (r.ok()) {
        Outcomes.Written w = outcomes.labeledOrDead(s, p.raw(), r.outputs());
        if (!w.labeled()) {
          logDeadLetter(p, w.reason(), w.message());
        }
        done = new Done(w.record(), p.bytes(), w.labeled(), w.reason());
      } else {
        logDeadLetter(p, r.reason(), r.message());
        done =
            new Done(
                outcomes.dead(s, p.raw().getId(), r.reason(), r.message()),
                p.bytes(),
                false,
                r.reason());
      }
      if (!current(p) || !states.get(p.partition()).completion.complete(s.offset(), done)) {
        budget.releaseBytes(p.bytes());
      }
    }
  }

  private static void logDeadLetter(Pending p, DeadLetterReason reason, String message) {
    ConsumerRecord<byte[], byte[]> s = p.source();
    LOG.warn(
        "Dead-lettering {}-{}@{} (record {}): {}: {}",
        s.topic(),
        s.partition(),
        s.offset(),
        p.raw().getId(),
        reason,
        message);
  }

  private boolean current(Pending p) {
    State state = states.get(p.partition());
    return state != null && state.generation == p.generation();
  }

  /**
   * Starts a transaction of what is releasable once the interval has passed and the previous
   * transaction has ended; rewinds if that one was aborted.
   */
  void maybeCommit(long now) {
    if (writing != null) {
      if (!writing.isDone()) {
        return;
      }
      settle();
    }
    if (now - lastCommit >= commitNanos) {
      startTransaction();
    }
  }

  /** Whether a transaction is being written. */
  boolean writing() {
    return writing != null;
  }

  /** Writes every releasable result with its offsets and waits for the transaction to end. */
  void commit() {
    if (writing != null) {
      settle();
    }
    startTransaction();
    if (writing != null) {
      settle();
    }
  }

  private void startTransaction() {
    lastCommit = System.nanoTime();
    List<Done> out = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, State> e : states.entrySet()) {
      for (Map.Entry<Long, Done> d : e.getValue().completion.release()) {
        out.add(d.getValue());
        offsets.put(e.getKey(), new OffsetAndMetadata(d.getKey() + 1));
      }
    }
    if (!offsets.isEmpty()) {
      writing = writer.write(out, offsets, consumer.groupMetadata());
    }
  }

  /** Waits for the transaction in progress; rethrows a fatal error, rewinds after an abort. */
  private void settle() {
    CompletableFuture<TransactionWriter.Outcome> ended = writing;
    writing = null;
    TransactionWriter.Outcome outcome;
    try {
      outcome = ended.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException fatal) {
        throw fatal;
      }
      throw e;
    }
    if (outcome == TransactionWriter.Outcome.ABORTED) {
      rewind();
    }
  }

  void commitQuietly() {
    try {
      commit();
    } catch (KafkaException e) {
      LOG.warn("Final commit failed; unfinished records go to the next owner: {}", e.toString());
    }
  }

  void adjustPause() {
    boolean stop = budget.saturated() || (!budget.canSendBatch() && !ready.isEmpty());
    if (stop) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  private void rewind() {
    List<TopicPartition> owned = new ArrayList<>(states.keySet());
    owned.forEach(this::drop);
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new java.util.HashSet<>(owned));
    for (TopicPartition tp : owned) {
      OffsetAndMetadata c = committed.get(tp);
      if (c == null) {
        consumer.seekToBeginning(List.of(tp));
      } else {
        consumer.seek(tp, c.offset());
      }
      states.put(tp, new State(++generations));
    }
  }

  private void drop(TopicPartition tp) {
    State state = states.remove(tp);
    if (state != null) {
      state.completion.clear().forEach(d -> budget.releaseBytes(d.bytes()));
    }
    Predicate<Pending> of = p -> p.partition().equals(tp);
    List<Pending> dropped = new ArrayList<>();
    batcher.removeIf(p -> of.test(p) && dropped.add(p));
    for (Iterator<List<Pending>> it = ready.iterator(); it.hasNext(); ) {
      List<Pending> batch = it.next();
      batch.stream().filter(of).forEach(dropped::add);
      batch.removeIf(of);
      if (batch.isEmpty()) {
        it.remove();
      }
    }
    dropped.forEach(p -> budget.releaseBytes(p.bytes()));
  }

  /** From now on, revocations commit quietly: the instance is shutting down. */
  void closing() {
    closing = true;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    if (closing) {
      commitQuietly();
    } else {
      commit();
    }
    revoked.forEach(this::drop);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> lost) {
    lost.forEach(this::drop);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    for (TopicPartition tp : assigned) {
      states.put(tp, new State(++generations));
    }
    LOG.info("Assigned {}", assigned);
  }
}
