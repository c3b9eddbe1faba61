package io.distillery.lab.experiment;

import io.distillery.lab.experiment.DriftExperiment.Arm;
import io.distillery.lab.experiment.DriftExperiment.Curve;
import io.distillery.lab.experiment.DriftExperiment.Point;
import io.distillery.monitor.report.Charts;
import io.distillery.monitor.report.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The drift experiment's Markdown report: a table of the arms and two charts over the stream. */
final class DriftReport {

  private final DriftExperiment.Settings settings;
  private final double teacherAccuracy;
  private final Map<Arm, List<Curve>> curves;

  DriftReport(
      DriftExperiment.Settings settings, double teacherAccuracy, Map<Arm, List<Curve>> curves) {
    this.settings = settings;
    this.teacherAccuracy = teacherAccuracy;
    this.curves = curves;
  }

  Path write() throws IOException {
    Path dir = Files.createDirectories(settings.workDir());
    StringBuilder md = new StringBuilder("# Distillery drift experiment\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "The stream carries %d Fashion-MNIST training images of classes 0-4, then %d of"
                + " classes 5-9 (the drift), pseudo-labelled by a teacher CNN trained on %d other"
                + " images for %d epoch(s) (test accuracy %.4f). Every arm trains the demo's"
                + " student from the same initial weights per seed on the same fresh samples,"
                + " each once, in batches of %d, with the trainer's objective and optimiser;"
                + " the defended arms add the trainer's replay reservoir (%d samples). Accuracy is measured on %d held-out images of each"
                + " side. Mean ± sample standard deviation over %d seeds.%n%n",
            settings.perPhase(),
            settings.perPhase(),
            settings.teacherImages(),
            settings.teacherEpochs(),
            teacherAccuracy,
            settings.batchSize(),
            settings.replayCapacity(),
            settings.evalImages(),
            settings.seeds()));
    md.append(
        "| arm | what it does | old classes at the drift | lowest after it | old classes at the"
            + " end | new classes at the end | old kept, share of joint | per seed (old at the"
            + " end) |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    List<Curve> joint = curves.get(Arm.JOINT);
    for (Arm arm : curves.keySet()) {
      List<Curve> runs = curves.get(arm);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %.3f | %s |%n",
              arm.name(),
              arm.description(),
              meanSd(runs, c -> c.atDrift().oldAccuracy()),
              meanSd(runs, Curve::lowestOldAfterDrift),
              meanSd(runs, c -> c.last().oldAccuracy()),
              meanSd(runs, c -> c.last().newAccuracy()),
              mean(runs, c -> c.last().oldAccuracy()) / mean(joint, c -> c.last().oldAccuracy()),
              perSeed(runs)));
    }
    md.append('\n');
    chart(dir, md, "drift-old.png", "classes 0-4 (before the drift)", Point::oldAccuracy);
    chart(dir, md, "drift-new.png", "classes 5-9 (after the drift)", Point::newAccuracy);
    Path file = dir.resolve("DRIFT.md");
    Files.writeString(file, md.toString());
    return file;
  }

  private void chart(
      Path dir, StringBuilder md, String file, String side, ToDoubleFunction<Point> accuracy)
      throws IOException {
    List<Series> series = new ArrayList<>();
    for (Arm arm : curves.keySet()) {
      List<Curve> runs = curves.get(arm);
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < runs.get(0).points().size(); i++) {
        int at = i;
        points.add(
            new double[] {
              runs.get(0).points().get(at).samples(),
              runs.stream()
                  .mapToDouble(c -> accuracy.applyAsDouble(c.points().get(at)))
                  .average()
                  .orElseThrow()
            });
      }
      series.add(new Series(arm.name(), points));
    }
    Charts.lineChart(
        dir.resolve(file),
        "Student accuracy on " + side + ", mean of " + settings.seeds() + " seeds",
        "fresh samples trained (drift at " + settings.perPhase() + ")",
        "accuracy",
        series,
        List.of());
    md.append("![accuracy on ").append(side).append("](").append(file).append(")\n\n");
  }

  private static double mean(List<Curve> runs, ToDoubleFunction<Curve> value) {
    return runs.stream().mapToDouble(value).average().orElseThrow();
  }

  private static String meanSd(List<Curve> runs, ToDoubleFunction<Curve> value) {
    double mean = mean(runs, value);
    double squares = runs.stream().mapToDouble(value).map(v -> (v - mean) * (v - mean)).sum();
    double sd = runs.size() < 2 ? 0 : Math.sqrt(squares / (runs.size() - 1));
    return String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
  }

  private static String perSeed(List<Curve> runs) {
    List<String> values = new ArrayList<>();
    for (Curve c : runs) {
      values.add(String.format(Locale.ROOT, "%.4f", c.last().oldAccuracy()));
    }
    return String.join(", ", values);
  }
}
