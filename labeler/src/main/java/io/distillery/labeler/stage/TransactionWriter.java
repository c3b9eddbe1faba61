package io.distillery.labeler.stage;

import io.distillery.kafka.acl.MissingPermission;
import io.distillery.labeler.batch.InFlightBudget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the labeler's transactions on a thread of their own, one at a time: begin, send the results,
 * add the consumed offsets, commit. A commit waits for the broker (tens of milliseconds, far more
 * on a loaded one), and the loop thread meanwhile keeps the teachers busy. A failed transaction is
 * aborted here; the loop learns of it from the returned future and rewinds.
 */
final class TransactionWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TransactionWriter.class);

  /** How a transaction ended: committed, or aborted after a retriable failure. */
  enum Outcome {
    COMMITTED,
    ABORTED
  }

  private final KafkaProducer<byte[], byte[]> producer;
  private final InFlightBudget budget;
  private final LabelerMetrics metrics;
  private final ExecutorService thread;

  TransactionWriter(
      KafkaProducer<byte[], byte[]> producer,
      InFlightBudget budget,
      LabelerMetrics metrics,
      String instance) {
    this.producer = producer;
    this.budget = budget;
    this.metrics = metrics;
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "labeler-" + instance + "-transactions");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Writes {@code out} with {@code offsets} in one transaction. The future fails with a fatal
   * producer error (fenced, unauthorised) that must stop the instance.
   */
  CompletableFuture<Outcome> write(
      List<Partitions.Done> out,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group) {
    return CompletableFuture.supplyAsync(() -> transaction(out, offsets, group), thread);
  }

  private Outcome transaction(
      List<Partitions.Done> out,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group) {
    long start = System.nanoTime();
    try {
      producer.beginTransaction();
      for (Partitions.Done d : out) {
        producer.send(d.record());
      }
      producer.sendOffsetsToTransaction(offsets, group);
      producer.commitTransaction();
      metrics.committed(Duration.ofNanos(System.nanoTime() - start));
      for (Partitions.Done d : out) {
        if (d.labeled()) {
          metrics.labeled();
        } else {
          metrics.dead(d.reason());
        }
      }
      return Outcome.COMMITTED;
    } catch (ProducerFencedException
        | InvalidProducerEpochException
        | UnsupportedVersionException
        | TransactionalIdAuthorizationException fatal) {
      throw fatal;
    } catch (AuthorizationException denied) {
      // e.g. READ on the group refused to sendOffsetsToTransaction: nothing of it is kept
      abortQuietly();
      throw denied;
    } catch (KafkaException e) {
      if (MissingPermission.in(e).isPresent()) {
        // retrying cannot help: nothing of it is kept, its offsets stay uncommitted, and it stops
        abortQuietly();
        throw e;
      }
      LOG.warn(
          "Transaction of {} records failed, aborting; the labeler rewinds to committed offsets: {}",
          out.size(),
          e.toString());
      producer.abortTransaction();
      return Outcome.ABORTED;
    } finally {
      out.forEach(d -> budget.releaseBytes(d.bytes()));
    }
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      LOG.warn("Abort after an authorization failure failed too: {}", e.toString());
    }
  }

  /** Stops the thread after the transaction in progress, if any. */
  @Override
  public void close() {
    thread.shutdown();
  }
}
