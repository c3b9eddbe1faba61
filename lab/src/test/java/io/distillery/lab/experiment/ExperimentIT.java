package io.distillery.lab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.lab.TaskSelection;
import io.distillery.lab.pipeline.PipelineTask;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code distillery experiment} on fmnist at a small size: one stream labeled by the weak teacher
 * and its committee through the real labeler, every arm filtered, trained and evaluated.
 */
@Tag("integration")
@Timeout(900)
class ExperimentIT {

  @TempDir Path work;

  @Test
  void shouldCompareEveryFmnistPolicyOnTheSameLabeledStreamWithTheSameBudget() throws Exception {
    ExperimentSettings options =
        new ExperimentSettings(
            work, TaskSelection.FMNIST, 300, 150, 1, 15, 16, 300, 150, 30, 300, 8, 2, 1800, 2);
    StringWriter printed = new StringWriter();

    ExperimentRun.Outcome outcome =
        new ExperimentRun(options, new PrintWriter(printed, true)).run();

    Map<String, ExperimentArms.Result> arms =
        outcome.results().get("fmnist").stream()
            .collect(Collectors.toMap(r -> r.arm().name(), Function.identity()));
    assertThat(arms.keySet())
        .as(printed.toString())
        .containsExactlyInAnyOrderElementsOf(
            ExperimentArm.of(PipelineTask.FMNIST).stream().map(ExperimentArm::name).toList());
    ExperimentArms.Result none = arms.get("none");
    assertThat(none.total()).as("every ingested image was labeled").isEqualTo(300);
    assertThat(none.kept()).as("no filter keeps everything").isEqualTo(300);
    ExperimentArms.Result reference = arms.get("reference");
    assertThat(reference.labelQuality())
        .as("the reference filter keeps only pseudo-labels equal to the true class")
        .isEqualTo(1.0);
    assertThat(reference.kept())
        .as("a teacher trained on 150 images makes mistakes to remove")
        .isLessThan(300);
    assertThat(none.labelQuality()).isLessThan(1.0);
    assertThat(
            List.of(arms.get("max-prob-0.5"), arms.get("max-prob-0.7"), arms.get("max-prob-0.9")))
        .extracting(ExperimentArms.Result::kept)
        .as("a higher confidence threshold keeps no more")
        .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(arms.get("committee-unanimous").kept())
        .isLessThanOrEqualTo(arms.get("committee-majority").kept());
    assertThat(arms.get("student-kd3").kept())
        .as(
            "the KD3 arm's rule reads the served student's answer: a record without it would pass"
                + " (ifMissing ignore), and a 15-step student supports few weak-teacher labels")
        .isLessThan(300);
    for (ExperimentArms.Result r : arms.values()) {
      assertThat(r.trainings()).as(r.arm().name() + ": one student per seed").hasSize(2);
      if (r.kept() > 0) {
        assertThat(r.steps()).as(r.arm().name() + " had the same budget").isEqualTo(15);
        for (double v : r.metrics()) {
          assertThat(v).isBetween(0.0, 1.0);
        }
      }
    }
    // after 15 steps two students may both still answer one class and score alike, so they are
    // told apart by their training, not their accuracy
    assertThat(none.trainings().get(0).meanLastLoss())
        .as("the seeds start from different weights and orders, so their students differ")
        .isNotEqualTo(none.trainings().get(1).meanLastLoss());
    assertThat(none.spread())
        .as("the sample standard deviation of two values")
        .isCloseTo(
            Math.abs(none.metrics()[0] - none.metrics()[1]) / Math.sqrt(2),
            org.assertj.core.api.Assertions.within(1e-12));
    String report = Files.readString(outcome.report());
    assertThat(report)
        .contains(
            "| reference | supervised |",
            "| committee-unanimous | label-free |",
            "| student-kd3 | label-free, live student |",
            "(mean ± sd, 2 seeds)",
            String.format(java.util.Locale.ROOT, "%.4f ± %.4f", none.mean(), none.spread()));
    assertThat(outcome.report().resolveSibling("experiment-fmnist.png")).isNotEmptyFile();
  }
}
