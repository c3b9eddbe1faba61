package io.distillery.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.serde.Serdes;
import java.time.Instant;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class LabelArrivalsTest {

  private static final long EPOCH = 1_800_000_000_000L;

  @Test
  void shouldTimeEachLabelFromItsRawRecordsIngestToThePollThatSawIt() {
    LabelArrivals arrivals = new LabelArrivals(100);
    // record i ingested at EPOCH + i ms, seen by a poll 10 + i ms later: freshness 10..109 ms
    for (int i = 0; i < 100; i++) {
      arrivals.seen(label(i, EPOCH + i, "a"), i * 1_000_000L, EPOCH + 2L * i + 10);
    }

    assertThat(arrivals.count()).isEqualTo(100);
    assertThat(arrivals.freshnessMillis(0.5)).isEqualTo(59.0);
    assertThat(arrivals.freshnessMillis(0.99)).isEqualTo(108.0);
    assertThat(arrivals.freshnessMillis(1.0)).isEqualTo(109.0);
  }

  @Test
  void shouldReportTheLongestGapBetweenPollsThatBroughtLabels() {
    LabelArrivals arrivals = new LabelArrivals(10);
    long ms = 1_000_000L;
    // two polls at 0 ms, one at 100 ms, one at 1,300 ms (a stall of 1.2 s), one at 1,400 ms
    long[] polls = {0, 0, 100 * ms, 1_300 * ms, 1_400 * ms};
    for (int i = 0; i < polls.length; i++) {
      arrivals.seen(label(i, EPOCH, "a"), polls[i], EPOCH + 5);
    }

    assertThat(arrivals.longestStallMillis()).isEqualTo(1_200.0);
  }

  @Test
  void shouldMeasureTheSteadyRateBetweenTwoSharesOfTheArrivals() {
    LabelArrivals arrivals = new LabelArrivals(101);
    // a slow start (100 ms for the first record), then one record per millisecond
    arrivals.seen(label(0, EPOCH, "a"), 0, EPOCH);
    for (int i = 1; i <= 100; i++) {
      arrivals.seen(label(i, EPOCH, "a"), (100 + i) * 1_000_000L, EPOCH);
    }

    assertThat(arrivals.rateBetween(0.1, 0.9))
        .isCloseTo(1_000.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void shouldCountLabelsPerLabelerInstance() {
    LabelArrivals arrivals = new LabelArrivals(3);
    arrivals.seen(label(0, EPOCH, "steady"), 0, EPOCH);
    arrivals.seen(label(1, EPOCH, "joiner"), 0, EPOCH);
    arrivals.seen(label(2, EPOCH, "steady"), 0, EPOCH);

    assertThat(arrivals.perLabeler()).isEqualTo("joiner=1 steady=2");
  }

  @Test
  void shouldRefuseToTimeARateFromTooFewArrivals() {
    LabelArrivals arrivals = new LabelArrivals(1);
    arrivals.seen(label(0, EPOCH, "a"), 0, EPOCH);

    assertThatThrownBy(() -> arrivals.rateBetween(0.1, 0.9))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("too few arrivals");
  }

  private static ConsumerRecord<byte[], byte[]> label(int i, long ingestMillis, String labeler) {
    LabeledRecord record =
        BenchRecords.labeled("r" + i, "t", new Random(i), new byte[4], "image/png");
    record.getRaw().setIngestTime(Instant.ofEpochMilli(ingestMillis));
    record.setLabeler(labeler);
    return new ConsumerRecord<>(
        "t.labeled", 0, i, ("r" + i).getBytes(), Serdes.labeled().encode(record));
  }
}
