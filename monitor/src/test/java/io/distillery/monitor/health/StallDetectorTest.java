package io.distillery.monitor.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.monitor.model.PartitionLag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StallDetectorTest {

  private final StallDetector detector = new StallDetector(Duration.ofSeconds(10));

  @Test
  void shouldCallAPartitionStalledOnlyOnceItsOffsetStoodStillForTheWholeWindow() {
    assertThat(at(0, 100, 150)).isEqualTo(PartitionStatus.OK);
    assertThat(at(5_000, 100, 160)).as("half a window is not enough").isEqualTo(PartitionStatus.OK);
    assertThat(at(10_000, 100, 170)).isEqualTo(PartitionStatus.STALL);
    assertThat(at(12_000, 105, 171)).as("it moved: resumed").isEqualTo(PartitionStatus.OK);
  }

  @Test
  void shouldWarnWhenTheGroupCommitsButLagGrowsOverTheWindow() {
    at(0, 100, 110);
    at(5_000, 110, 130);
    assertThat(at(10_000, 120, 150)).isEqualTo(PartitionStatus.WARN);
    assertThat(at(15_000, 150, 160)).as("lag fell").isEqualTo(PartitionStatus.OK);
  }

  @Test
  void shouldCallAGroupWithoutMembersThatDoesNotCommitStoppedOverTheWindow() {
    assertThat(withoutMembers(0, 100, 150))
        .as("not judged before a full window")
        .isEqualTo(PartitionStatus.OK);
    assertThat(withoutMembers(10_000, 100, 150)).isEqualTo(PartitionStatus.STOP);
    assertThat(withoutMembers(11_000, 150, 150)).as("caught up").isEqualTo(PartitionStatus.OK);
  }

  @Test
  void shouldNotCallAMemberlessConsumerThatKeepsCommittingStopped() {
    // the trainer assigns its partitions itself: never a member, alive by its commits
    withoutMembers(0, 100, 150);
    withoutMembers(5_000, 120, 170);
    assertThat(withoutMembers(10_000, 140, 175)).isEqualTo(PartitionStatus.OK);
  }

  private PartitionStatus withoutMembers(long now, long committed, long end) {
    PartitionLag sample = lag(committed, end);
    return detector.evaluate(List.of(sample), Map.of("g", false), now).get(sample);
  }

  @Test
  void shouldNotCallACaughtUpIdlePartitionStalled() {
    at(0, 150, 150);
    assertThat(at(20_000, 150, 150)).isEqualTo(PartitionStatus.OK);
  }

  private PartitionStatus at(long now, long committed, long end) {
    PartitionLag sample = lag(committed, end);
    return detector.evaluate(List.of(sample), Map.of("g", true), now).get(sample);
  }

  private static PartitionLag lag(long committed, long end) {
    return new PartitionLag("g", "t.raw", 0, committed, end);
  }
}
