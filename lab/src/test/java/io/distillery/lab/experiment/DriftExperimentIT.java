package io.distillery.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.lab.experiment.DriftExperiment.Arm;
import io.distillery.lab.experiment.DriftExperiment.Curve;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery drift} at a small size: a real teacher pseudo-labels a stream that switches
 * from classes 0-4 to 5-9, and real libtorch students meet the drift naively, with the trainer's
 * replay, and without drift.
 */
@Tag("integration")
@Timeout(600)
class DriftExperimentIT {

  @TempDir Path work;

  @Test
  void shouldShowNaiveFineTuningForgettingWhatReplayKeeps() throws Exception {
    DriftExperiment.Settings settings =
        new DriftExperiment.Settings(work, 3000, 1, 1280, 32, 10, 1000, 1000, List.of(2.0), 0, 1);
    StringWriter printed = new StringWriter();

    DriftExperiment.Outcome outcome =
        new DriftExperiment(settings, new PrintWriter(printed, true)).run();

    assertThat(outcome.curves().keySet())
        .as(printed.toString())
        .containsExactly(Arm.NAIVE, Arm.replay(2.0), Arm.JOINT);
    for (List<Curve> runs : outcome.curves().values()) {
      Curve curve = runs.get(0);
      assertThat(curve.last().samples()).as("every sample trained once").isEqualTo(2560);
      assertThat(curve.atDrift().samples()).isEqualTo(1280);
    }
    Curve naive = outcome.curves().get(Arm.NAIVE).get(0);
    Curve replay = outcome.curves().get(Arm.replay(2.0)).get(0);
    assertThat(naive.atDrift().oldAccuracy())
        .as("before the drift the student learns the old classes")
        .isGreaterThan(0.3);
    assertThat(naive.last().newAccuracy())
        .as("after it, the new ones")
        .isGreaterThan(naive.atDrift().newAccuracy() + 0.3);
    assertThat(naive.lowestOldAfterDrift())
        .as("naive fine-tuning forgets the old classes")
        .isLessThan(naive.atDrift().oldAccuracy() - 0.3);
    assertThat(replay.lowestOldAfterDrift())
        .as("replaying the reservoir keeps them")
        .isGreaterThan(naive.lowestOldAfterDrift() + 0.2);
    assertThat(replay.last().oldAccuracy()).isGreaterThan(naive.last().oldAccuracy());
    assertThat(outcome.keptOfJoint(Arm.replay(2.0))).isGreaterThan(outcome.keptOfJoint(Arm.NAIVE));
    String report = Files.readString(outcome.report());
    assertThat(report).contains("| naive |", "| replay-2 |", "| joint |");
    assertThat(work.resolve("drift-old.png")).isNotEmptyFile();
    assertThat(work.resolve("drift-new.png")).isNotEmptyFile();
  }
}
