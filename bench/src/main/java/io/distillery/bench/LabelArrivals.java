package io.distillery.bench;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a reader of a labeled topic saw, record by record: each label's freshness (its raw record's
 * ingest time to the poll that first saw the label committed), which labeler instance wrote it, and
 * the stalls (the longest time between two polls that brought labels while labels were still due).
 * Both clocks are this process's, so producer and tail must share it.
 */
final class LabelArrivals implements CommittedTail.Observer {

  private final Function<byte[], LabeledRecord> decoder;
  private final long[] freshness;
  private final long[] arrivals;
  private final Map<String, Long> byLabeler = new TreeMap<>();
  private int count;
  private long lastPollNanos = -1;
  private long longestGapNanos;

  /** Room for {@code expected} labeled records; more are counted but not timed. */
  LabelArrivals(int expected) {
    this(expected, Serdes.labeled()::decode);
  }

  private LabelArrivals(int expected, Function<byte[], LabeledRecord> decoder) {
    this.freshness = new long[expected];
    this.arrivals = new long[expected];
    this.decoder = decoder;
  }

  /** As {@link #LabelArrivals(int)} for the filter's scored records (accepted, rejected). */
  static LabelArrivals scored(int expected) {
    AvroSerde<ScoredRecord> serde = Serdes.scored();
    return new LabelArrivals(expected, bytes -> serde.decode(bytes).getLabeled());
  }

  @Override
  public void seen(ConsumerRecord<byte[], byte[]> record, long pollNanos, long pollMillis) {
    LabeledRecord label = decoder.apply(record.value());
    byLabeler.merge(label.getLabeler(), 1L, Long::sum);
    if (lastPollNanos >= 0 && pollNanos != lastPollNanos) {
      longestGapNanos = Math.max(longestGapNanos, pollNanos - lastPollNanos);
    }
    lastPollNanos = pollNanos;
    if (count < freshness.length) {
      freshness[count] = pollMillis - label.getRaw().getIngestTime().toEpochMilli();
      arrivals[count] = pollNanos;
    }
    count++;
  }

  /** Records seen. */
  int count() {
    return count;
  }

  /** The {@code q}-quantile of freshness in milliseconds (nearest rank), {@code 0 < q <= 1}. */
  double freshnessMillis(double q) {
    int n = Math.min(count, freshness.length);
    if (n == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(freshness, n);
    Arrays.sort(sorted);
    return sorted[Math.max(0, (int) Math.ceil(q * n) - 1)];
  }

  /** The longest time between two polls that brought labels, in milliseconds. */
  double longestStallMillis() {
    return longestGapNanos / 1e6;
  }

  /**
   * Records per second between the arrival of the {@code from} and the {@code to} share of the
   * records (e.g. 0.1 and 0.9): the steady rate, without the group's start-up and the tail end.
   */
  double rateBetween(double from, double to) {
    int n = Math.min(count, arrivals.length);
    int a = (int) (from * (n - 1));
    int b = (int) (to * (n - 1));
    if (b <= a || arrivals[b] == arrivals[a]) {
      throw new IllegalStateException("too few arrivals to time: " + n);
    }
    return (b - a) / ((arrivals[b] - arrivals[a]) / 1e9);
  }

  /** Labels written per labeler instance, e.g. {@code scale-0=2,501 scale-1=2,499}. */
  String perLabeler() {
    StringBuilder out = new StringBuilder();
    byLabeler.forEach(
        (id, n) -> out.append(out.length() == 0 ? "" : " ").append(id).append('=').append(n));
    return out.toString();
  }
}
