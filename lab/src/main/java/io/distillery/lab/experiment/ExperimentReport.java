package io.distillery.lab.experiment;

import io.distillery.monitor.report.Charts;
import io.distillery.monitor.report.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The experiment's Markdown report: per task, a table of the arms and a chart. */
final class ExperimentReport {

  private final Path dir;
  private final StringBuilder markdown = new StringBuilder();

  ExperimentReport(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    markdown.append("# Distillery filter-policy experiment\n\n");
    markdown.append(
        "Each task's stream is labeled once by the real labeler on the embedded default; every"
            + " arm then applies its policy with the filter stage's own judge to that same labeled"
            + " stream, and a fresh student is trained on what the arm keeps with the same budget"
            + " (optimisation steps x batch size) as every other arm.\n\n");
  }

  void task(TaskExperiment experiment, int labeled, List<ExperimentArms.Result> results)
      throws IOException {
    String task = experiment.task().name();
    String metric = experiment.metric();
    markdown.append("## ").append(task).append("\n\n");
    markdown.append(experiment.setting()).append(".\n\n");
    markdown.append(
        String.format(
            Locale.ROOT,
            "Labeled records: %d. Teacher %s: %.4f.%n%n",
            labeled,
            metric,
            experiment.teacherMetric()));
    markdown.append(
        "| arm | signal | kept | kept share | "
            + experiment.labelQualityName()
            + " | student "
            + metric
            + " | steps | last loss |\n");
    markdown.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (ExperimentArms.Result r : results) {
      markdown.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.1f%% | %.4f | %.4f | %d | %.4f |%n",
              r.arm().name(),
              r.arm().signal(),
              r.kept(),
              100 * r.keptShare(),
              r.labelQuality(),
              r.training().metric().value(),
              r.training().steps(),
              r.training().meanLastLoss()));
    }
    markdown.append('\n');
    List<String> names = results.stream().map(r -> r.arm().name()).toList();
    double[][] values = new double[3][results.size()];
    for (int i = 0; i < results.size(); i++) {
      values[0][i] = results.get(i).keptShare();
      values[1][i] = results.get(i).labelQuality();
      values[2][i] = results.get(i).training().metric().value();
    }
    String file = "experiment-" + task + ".png";
    Charts.barChart(
        dir.resolve(file),
        task + ": data kept, label quality and student " + metric + " per policy",
        "share / " + metric,
        names,
        List.of("data kept", experiment.labelQualityName(), "student " + metric),
        values,
        Double.isFinite(experiment.teacherMetric())
            ? List.of(
                new Series(
                    "teacher " + metric,
                    List.<double[]>of(new double[] {0, experiment.teacherMetric()})))
            : List.of());
    markdown.append("![").append(task).append(" arms](").append(file).append(")\n\n");
  }

  Path write() throws IOException {
    Path file = dir.resolve("EXPERIMENT.md");
    Files.writeString(file, markdown.toString());
    return file;
  }
}
