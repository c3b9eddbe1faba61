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
  void shouldCallAGroupWithoutMembersAndWithLagStoppedAndCaughtUpOk() {
    assertThat(detector.evaluate(List.of(lag(100, 150)), Map.of("g", false), 0).get(lag(100, 150)))
        .isEqualTo(PartitionStatus.STOP);
    assertThat(
            detector.evaluate(List.of(lag(150, 150)), Map.of("g", false), 1_000).get(lag(150, 150)))
        .isEqualTo(PartitionStatus.OK);
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
