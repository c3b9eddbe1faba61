package io.distillery.filter.topology;

import io.distillery.filter.policy.BalanceSettings;
import io.distillery.filter.policy.Judge;
import io.distillery.filter.policy.Verdict;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.DeadLetters;
import io.distillery.schemas.registry.SchemaRegistryException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each labeled record, scores it, applies the policy and the balance cap, meters it, and
 * forwards it to exactly one of the accepted, rejected or dead-letter sinks. A labeled record so
 * close to the size limit that its scored record would not fit the accepted or rejected topic is
 * dead-lettered instead of failing the send (which would stop the filter).
 */
final class FilterProcessor implements Processor<byte[], byte[], byte[], Object> {

  /** The stage name written into every dead letter of the filter. */
  static final String STAGE = "filter";

  private static final Logger LOG = LoggerFactory.getLogger(FilterProcessor.class);

  /** Labeled records this close to the limit get their scored record's size checked. */
  private static final int SIZE_CHECK_MARGIN = 64 * 1024;

  /** Room left for the balance cap's reason when checking a scored record's size. */
  private static final int REASON_ALLOWANCE = 512;

  /** The balance store's key prefix of a class's accepted records. */
  private static final String CLASS_PREFIX = "class/";

  /** The balance store's key of all accepted records, kept for earlier versions that read it. */
  private static final String TOTAL = "__total__";

  private final String task;
  private final TaskTopics topics;
  private final Judge judge;
  private final AvroSerde<LabeledRecord> serde;
  // sizes only: single-object framing is 5 bytes longer than Confluent's, so its size bounds both
  private final AvroSerde<ScoredRecord> scoredSerde = Serdes.scored();
  private final FilterMetrics metrics;
  private ProcessorContext<byte[], Object> context;
  private Counts balance;

  FilterProcessor(
      TaskTopics topics, Judge judge, AvroSerde<LabeledRecord> serde, MeterRegistry registry) {
    this.task = topics.task();
    this.topics = topics;
    this.judge = judge;
    this.serde = serde;
    this.metrics = new FilterMetrics(registry, topics.task());
  }

  @Override
  public void init(ProcessorContext<byte[], Object> context) {
    this.context = context;
    this.balance =
        new Counts(context.getStateStore(FilterTopology.BALANCE_STORE), CLASS_PREFIX, TOTAL);
    context.schedule(
        Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> balance.writeTotal());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata where = context.recordMetadata().orElse(null);
    if (record.value() == null) {
      deadLetter(
          record,
          where,
          null,
          DeadLetterReason.TOMBSTONE,
          new IllegalArgumentException("Labeled record value is null (a tombstone)"));
      return;
    }
    LabeledRecord labeled;
    try {
      labeled = serde.decode(record.value());
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (RuntimeException e) {
      deadLetter(record, where, null, DeadLetterReason.UNDECODABLE_RECORD, e);
      return;
    }
    Map<String, Double> scores;
    Verdict verdict;
    try {
      scores = judge.score(labeled);
      verdict = judge.policy().decide(scores);
    } catch (RuntimeException e) {
      deadLetter(record, where, labeled.getRaw().getId(), DeadLetterReason.SCORING_FAILED, e);
      return;
    }
    String tooLarge = tooLarge(record, labeled, scores, verdict);
    if (tooLarge != null) {
      deadLetter(
          record,
          where,
          labeled.getRaw().getId(),
          DeadLetterReason.RECORD_TOO_LARGE,
          new IllegalStateException(tooLarge));
      return;
    }
    verdict = applyBalance(verdict, labeled, scores);
    ScoredRecord scored = judge.scored(labeled, scores, verdict, now());
    metrics.decided(verdict.decision(), scores);
    String sink =
        verdict.decision() == Decision.REJECT
            ? FilterTopology.REJECTED_SINK
            : FilterTopology.ACCEPTED_SINK;
    context.forward(
        record.withValue((Object) new FilterTopology.Scored(scored, record.value())), sink);
  }

  /** Why the scored record would not fit its topic, or null when it fits. */
  private String tooLarge(
      Record<byte[], byte[]> record,
      LabeledRecord labeled,
      Map<String, Double> scores,
      Verdict verdict) {
    int key = record.key() == null ? 0 : record.key().length;
    int limit = topics.maxValueBytes(key) - REASON_ALLOWANCE;
    if (record.value().length < limit - SIZE_CHECK_MARGIN) {
      return null;
    }
    int size = scoredSerde.encode(judge.scored(labeled, scores, verdict, now())).length;
    if (size <= limit) {
      return null;
    }
    return "Scored record of "
        + size
        + " bytes would exceed the "
        + limit
        + " bytes "
        + topics.accepted()
        + " and "
        + topics.rejected()
        + " take (max.message.bytes "
        + topics.maxMessageBytes()
        + ")";
  }

  private Verdict applyBalance(Verdict verdict, LabeledRecord labeled, Map<String, Double> scores) {
    BalanceSettings cap = judge.policy().balance();
    if (cap == null || verdict.decision() == Decision.REJECT) {
      return verdict;
    }
    String recordClass = Judge.classOf(labeled, scores);
    long total = balance.total();
    long ofClass = balance.get(recordClass);
    if (cap.overCap(ofClass, total)) {
      List<String> reasons = new ArrayList<>(verdict.reasons());
      reasons.add(
          String.format(
              Locale.ROOT,
              "balance: class %s holds %d of %d accepted, cap %.0f%% (reject)",
              recordClass,
              ofClass,
              total,
              100 * cap.maxShare()));
      return new Verdict(Decision.REJECT, 0.0, false, reasons);
    }
    balance.increment(recordClass);
    return verdict;
  }

  private void deadLetter(
      Record<byte[], byte[]> record,
      RecordMetadata where,
      String recordId,
      DeadLetterReason reason,
      RuntimeException e) {
    String id = recordId != null ? recordId : keyText(record.key());
    LOG.warn(
        "Dead-lettering record {} from {}-{}@{}: {}: {}",
        id,
        where == null ? "?" : where.topic(),
        where == null ? -1 : where.partition(),
        where == null ? -1 : where.offset(),
        reason,
        e.toString());
    DeadLetters.Origin origin =
        where == null
            ? new DeadLetters.Origin("", -1, -1L, record.key(), record.value())
            : new DeadLetters.Origin(
                where.topic(), where.partition(), where.offset(), record.key(), record.value());
    var letter = DeadLetters.of(STAGE, task, id, reason, e.getMessage(), origin, now());
    metrics.deadLettered(reason.code());
    context.forward(record.withValue((Object) letter), FilterTopology.DLQ_SINK);
  }

  private static String keyText(byte[] key) {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }

  private Instant now() {
    return Instant.ofEpochMilli(context.currentSystemTimeMs());
  }
}
