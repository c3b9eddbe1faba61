package io.distillery.monitor.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RateTrackerTest {

  @Test
  void shouldReportZeroOnTheFirstObservationAndTheDeltaRateAfter() {
    RateTracker tracker = new RateTracker();

    assertThat(tracker.observe("t", 100, 1_000).perSecond()).isZero();
    assertThat(tracker.observe("t", 300, 3_000).perSecond()).isEqualTo(100.0);
  }

  @Test
  void shouldNeverReportANegativeRateWhenATopicIsRecreated() {
    RateTracker tracker = new RateTracker();
    tracker.observe("t", 500, 1_000);

    assertThat(tracker.observe("t", 0, 2_000).perSecond()).isZero();
  }

  @Test
  void shouldCountAllOfAPartitionAsLagWhenTheGroupNeverCommitted() {
    assertThat(new PartitionLag("g", "t", 0, -1, 40).lag()).isEqualTo(40);
    assertThat(new PartitionLag("g", "t", 0, 25, 40).lag()).isEqualTo(15);
  }

  @Test
  void shouldMeasureLagInSecondsFromTheOldestUnreadRecord() {
    PartitionLag behind = new PartitionLag("g", "t", 0, 25, 40).withOldestUnreadAt(10_000);
    assertThat(behind.lagSeconds(70_500)).isEqualTo(60.5);
    assertThat(new PartitionLag("g", "t", 0, 40, 40).lagSeconds(70_500))
        .as("a caught-up group waits for nothing")
        .isZero();
    assertThat(new PartitionLag("g", "t", 0, 25, 40).lagSeconds(70_500))
        .as("behind, but the record's time is unknown")
        .isNaN();
    assertThat(
            new PartitionLag("g", "t", 0, 39, 40)
                .withOldestUnreadAt(PartitionLag.NOTHING_UNREAD)
                .lagSeconds(70_500))
        .as("only a transaction marker past the offset: nothing waits")
        .isZero();
  }

  @Test
  void shouldComputeAcceptanceAndLagPerGroup() {
    TaskView view =
        new TaskView(
            "fmnist",
            List.of(),
            List.of(
                new PartitionLag("a", "fmnist.raw", 0, 5, 10),
                new PartitionLag("a", "fmnist.raw", 1, 0, 3),
                new PartitionLag("b", "fmnist.labeled", 0, 2, 2)),
            45,
            30,
            5,
            10,
            1,
            List.of(),
            java.util.Map.of(),
            List.of(),
            List.of(),
            List.of());

    assertThat(view.acceptanceRate()).isEqualTo(0.75);
    assertThat(view.lagByGroup()).containsEntry("a", 8L).containsEntry("b", 0L);
  }
}
