package io.distillery.producers.ingest;

import io.distillery.claimcheck.BlobStore;
import io.distillery.media.PayloadInspector;
import io.distillery.producers.source.Sample;
import io.distillery.producers.source.SampleSource;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests samples into a task's raw topic through one idempotent producer ({@code acks=all}, record
 * id as key). The entry point the CLI and the demo call: {@link #run(SampleSource, IngestConfig,
 * IngestListener)}.
 */
public final class Ingestor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

  private final RecordSink sink;
  private final BlobStore blobs;
  private final IngestLoop loop;

  Ingestor(IngestConfig config, RecordSink sink, IngestListener listener, Clock clock) {
    this.sink = sink;
    this.blobs = BlobStore.open(config.claimCheckStore());
    this.loop =
        new IngestLoop(
            new PayloadInspector(config.wavPolicy(), config.imagePolicy()),
            new RawRecordFactory(config.task(), config.inlineLimitBytes(), blobs, clock),
            Serdes.raw(WireFormat.from(config.kafkaOverrides())),
            config.topics().raw(),
            RatePacer.perSecond(config.recordsPerSecond()),
            sink,
            listener);
  }

  /** An ingestor with its own Kafka producer for {@code <task>.raw}; close it when done. */
  public static Ingestor open(IngestConfig config, IngestListener listener) {
    String topic = config.topics().raw();
    return new Ingestor(
        config, new KafkaRecordSink(config.producerSettings(), topic), listener, Clock.systemUTC());
  }

  /** Ingests every sample of {@code source}, returning the counts. */
  public static IngestSummary run(SampleSource source, IngestConfig config)
      throws IOException, InterruptedException {
    return run(source, config, IngestListener.NONE);
  }

  /** Ingests every sample of {@code source}, telling {@code listener} as it goes. */
  public static IngestSummary run(SampleSource source, IngestConfig config, IngestListener listener)
      throws IOException, InterruptedException {
    List<Sample> samples = source.samples();
    LOG.info(
        "Ingesting {} samples from {} into {}",
        samples.size(),
        source.description(),
        config.topics().raw());
    try (Ingestor ingestor = open(config, listener)) {
      long start = System.nanoTime();
      List<Outcome> outcomes = ingestor.send(samples);
      IngestSummary summary =
          IngestSummary.of(outcomes, 0, Duration.ofNanos(System.nanoTime() - start));
      LOG.info(
          "Ingested {}: sent={} invalid={} failed={} bytes={} claimChecked={}",
          source.description(),
          summary.sent(),
          summary.invalid(),
          summary.failed(),
          summary.payloadBytes(),
          summary.claimChecked());
      return summary;
    }
  }

  /** Sends a batch and waits for every acknowledgement; one outcome per sample, in order. */
  public List<Outcome> send(List<Sample> samples) throws InterruptedException {
    return loop.sendAll(samples);
  }

  @Override
  public void close() {
    sink.close();
    blobs.close();
  }
}
