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
            + " (optimisation steps x batch size) as every other arm. Each arm trains one"
            + " student per seed (its own initial weights and sample order) and reports the mean"
            + " ± the sample standard deviation over the seeds; an arm's difference from no filter"
            + " is called an effect only where it exceeds the two spreads together, otherwise"
            + " it is within the spread and says nothing.\n\n");
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
    int seeds = results.isEmpty() ? 0 : results.get(0).trainings().size();
    markdown.append(
        "| arm | signal | kept | kept share | "
            + experiment.labelQualityName()
            + " | student "
            + metric
            + " (mean ± sd, "
            + seeds
            + " seeds) | per seed | vs none | steps | last loss |\n");
    markdown.append("|---|---|---:|---:|---:|---:|---|---|---:|---:|\n");
    ExperimentArms.Result none =
        results.stream().filter(r -> r.arm().name().equals("none")).findFirst().orElse(null);
    for (ExperimentArms.Result r : results) {
      markdown.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.1f%% | %.4f | %.4f ± %.4f | %s | %s | %d | %.4f |%n",
              r.arm().name(),
              r.arm().signal(),
              r.kept(),
              100 * r.keptShare(),
              r.labelQuality(),
              r.mean(),
              r.spread(),
              perSeed(r),
              versus(r, none),
              r.steps(),
              r.meanLastLoss()));
    }
    markdown.append('\n');
    List<String> names = results.stream().map(r -> r.arm().name()).toList();
    double[][] values = new double[3][results.size()];
    for (int i = 0; i < results.size(); i++) {
      values[0][i] = results.get(i).keptShare();
      values[1][i] = results.get(i).labelQuality();
      values[2][i] = results.get(i).mean();
    }
    String file = "experiment-" + task + ".png";
    Charts.barChart(
        dir.resolve(file),
        task + ": data kept, label quality and student " + metric + " per policy",
        "share / " + metric,
        names,
        List.of("data kept", experiment.labelQualityName(), "student " + metric + " (mean)"),
        values,
        Double.isFinite(experiment.teacherMetric())
            ? List.of(
                new Series(
                    "teacher " + metric,
                    List.<double[]>of(new double[] {0, experiment.teacherMetric()})))
            : List.of());
    markdown.append("![").append(task).append(" arms](").append(file).append(")\n\n");
  }

  private static String perSeed(ExperimentArms.Result r) {
    StringBuilder text = new StringBuilder();
    for (double v : r.metrics()) {
      text.append(text.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", v));
    }
    return text.toString();
  }

  /** The difference of means from no filter, and whether it exceeds the spreads. */
  private static String versus(ExperimentArms.Result r, ExperimentArms.Result none) {
    if (none == null || r == none) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%+.4f, %s",
        r.mean() - none.mean(),
        r.differsFrom(none) ? "**effect**" : "within spread");
  }

  Path write() throws IOException {
    Path file = dir.resolve("EXPERIMENT.md");
    Files.writeString(file, markdown.toString());
    return file;
  }
}
