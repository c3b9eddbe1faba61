package io.distillery.producers.ingest;

import io.distillery.kafka.acl.MissingPermission;
import io.distillery.media.Inspection;
import io.distillery.media.PayloadInspector;
import io.distillery.producers.source.Sample;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.topics.TaskTopics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends samples one by one: read, validate, id, inline or claim-check, pace, send. A sample that
 * fails validation is logged with its identity and reason and never sent. No Kafka types here: the
 * {@link RecordSink} hides the producer.
 */
public final class IngestLoop {

  private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);

  private final PayloadInspector inspector;
  private final RawRecordFactory factory;
  private final AvroSerde<RawRecord> serde;
  private final String topic;
  private final RatePacer pacer;
  private final RecordSink sink;
  private final IngestListener listener;

  IngestLoop(
      PayloadInspector inspector,
      RawRecordFactory factory,
      AvroSerde<RawRecord> serde,
      String topic,
      RatePacer pacer,
      RecordSink sink,
      IngestListener listener) {
    this.inspector = inspector;
    this.factory = factory;
    this.serde = serde;
    this.topic = topic;
    this.pacer = pacer;
    this.sink = sink;
    this.listener = listener;
  }

  /**
   * Sends {@code samples} and waits until every send is acknowledged or failed.
   *
   * @return one outcome per sample, in order
   */
  public List<Outcome> sendAll(List<Sample> samples) throws InterruptedException {
    listener.batchStarted(samples.size());
    List<CompletableFuture<Outcome>> pending = new ArrayList<>(samples.size());
    for (Sample sample : samples) {
      pending.add(sendOne(sample));
    }
    sink.flush();
    List<Outcome> outcomes = new ArrayList<>(samples.size());
    for (CompletableFuture<Outcome> future : pending) {
      outcomes.add(future.join());
    }
    return outcomes;
  }

  private CompletableFuture<Outcome> sendOne(Sample sample) throws InterruptedException {
    byte[] payload;
    try {
      payload = sample.loader().load();
    } catch (RefusedRecordException e) {
      return rejected(sample, null, e.describe());
    } catch (IOException e) {
      return rejected(sample, null, "unreadable: " + e);
    }
    String id = RecordIds.of(sample.identity(), sample.reference(), payload);
    RawRecord record;
    try {
      Inspection inspection = inspector.inspect(payload);
      record = factory.build(sample, id, payload, inspection);
    } catch (RefusedRecordException e) {
      return rejected(sample, id, e.describe());
    } catch (IOException e) {
      return done(failed(sample, id, payload.length, e));
    }
    byte[] value = serde.encode(topic, record);
    pacer.acquire();
    boolean claimChecked = record.getClaimCheck() != null;
    return sink.send(id, value)
        .handle(
            (ok, error) ->
                error == null
                    ? Outcome.sent(sample, id, payload.length, claimChecked)
                    : failed(sample, id, payload.length, error))
        .whenComplete((outcome, error) -> listener.outcome(outcome));
  }

  private CompletableFuture<Outcome> rejected(Sample sample, String id, String reason) {
    LOG.warn("Rejected {}: {}", sample.identity(), reason);
    return done(Outcome.invalid(sample, id, reason, 0));
  }

  private CompletableFuture<Outcome> done(Outcome outcome) {
    listener.outcome(outcome);
    return CompletableFuture.completedFuture(outcome);
  }

  private Outcome failed(Sample sample, String id, long bytes, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String task = factory.task();
    String reason =
        MissingPermission.describe(
                cause,
                "producer",
                task,
                new MissingPermission.StageTopics(
                    java.util.Set.of(), java.util.Set.of(TaskTopics.of(task).raw())),
                null)
            .orElse("send failed: " + cause);
    LOG.error("Send failed for record {} ({}): {}", id, sample.identity(), reason);
    return Outcome.failed(sample, id, reason, bytes);
  }
}
