package io.distillery.filter.topology;

import io.distillery.filter.policy.Judge;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterEncoder;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The filter stage as a Kafka Streams topology: {@code <task>.labeled} (raw bytes, decoded inside
 * so undecodable records reach the DLQ with their coordinates) → {@code score-and-route} → {@code
 * <task>.accepted} (ACCEPT and SOFT), {@code <task>.rejected} or {@code <task>.dlq}. Keys pass
 * through unchanged. Values are in the deployment's {@link WireFormat} (from the client settings).
 * Run it with {@link FilterConfig#streamsProperties()} (exactly-once v2).
 */
public final class FilterTopology {

  /** Source of labeled records. */
  public static final String SOURCE = "labeled-source";

  /** The processor that scores and routes. */
  public static final String PROCESSOR = "score-and-route";

  /** Sink of ACCEPT and SOFT records. */
  public static final String ACCEPTED_SINK = "accepted-sink";

  /** Sink of REJECT records. */
  public static final String REJECTED_SINK = "rejected-sink";

  /** Sink of dead letters. */
  public static final String DLQ_SINK = "dlq-sink";

  /** Accepted counts per class for the balance cap. */
  public static final String BALANCE_STORE = "class-balance-store";

  private FilterTopology() {}

  /**
   * What the processor forwards to the accepted and rejected sinks: the scored record and the bytes
   * its labeled record was decoded from, which the sink writes again rather than encoding the
   * labeled record a second time (see {@link
   * io.distillery.schemas.serde.AvroSerde#encodeReusingFirstField}).
   */
  record Scored(ScoredRecord record, byte[] labeledBytes) {}

  /** The topology for {@code config}'s task and policy, with meters in {@code registry}. */
  public static Topology build(FilterConfig config, MeterRegistry registry) {
    TaskTopics topics = config.topics();
    WireFormat format = WireFormat.from(config.clientOverrides());
    var labeled = Serdes.labeled(format);
    Topology topology = new Topology();
    topology.addSource(
        SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.labeled());
    topology.addProcessor(
        PROCESSOR,
        () -> new FilterProcessor(topics, new Judge(config.policy()), labeled, registry),
        SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BALANCE_STORE),
                org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.Long())
            .withCachingEnabled(),
        PROCESSOR);
    var scoredSerde = Serdes.scored(format);
    Serializer<Scored> scored =
        (topic, out) ->
            out == null
                ? null
                : scoredSerde.encodeReusingFirstField(topic, out.record(), out.labeledBytes());
    topology.addSink(
        ACCEPTED_SINK, topics.accepted(), new ByteArraySerializer(), scored, PROCESSOR);
    topology.addSink(
        REJECTED_SINK, topics.rejected(), new ByteArraySerializer(), scored, PROCESSOR);
    DeadLetterEncoder letters = new DeadLetterEncoder(topics.maxValueBytes(1024), format);
    topology.addSink(
        DLQ_SINK,
        topics.dlq(),
        new ByteArraySerializer(),
        (String topic, DeadLetter letter) -> letter == null ? null : letters.encode(topic, letter),
        PROCESSOR);
    return topology;
  }
}
