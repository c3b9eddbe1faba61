package io.distillery.lab.demo;

import io.distillery.filter.policy.FilterPolicy;
import io.distillery.filter.policy.Rule;
import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.model.TopicRate;
import io.distillery.monitor.model.VersionView;
import io.distillery.monitor.report.Charts;
import io.distillery.monitor.report.Series;
import io.distillery.schemas.avro.ScoredRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's report: a Markdown file with the run's figures and PNG charts of student
 * quality against the teacher, acceptance over time, score distributions with the policy's
 * thresholds, throughput per stage and the versions published.
 */
final class DemoReport {

  private final Path dir;
  private final StringBuilder markdown = new StringBuilder();

  DemoReport(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    markdown.append("# Distillery demo report\n\n");
  }

  void paragraph(String text) {
    markdown.append(text).append("\n\n");
  }

  /** The headline results, one line per task. */
  void results(List<String> lines) {
    markdown.append("## Results\n\n");
    lines.forEach(line -> markdown.append("- ").append(line).append('\n'));
    markdown.append('\n');
  }

  /** The per-task summary table from the last snapshot. */
  void summary(Snapshot last) {
    markdown.append(
        "| task | raw | labeled | accepted (soft) | rejected | dead letters | acceptance |\n");
    markdown.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (TaskView view : last.tasks()) {
      markdown.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d (%d) | %d | %d | %.1f%% |%n",
              view.task(),
              DemoProgress.raw(view),
              view.labeled(),
              view.accepted(),
              view.soft(),
              view.rejected(),
              view.deadLetters(),
              100 * view.acceptanceRate()));
    }
    markdown.append('\n');
  }

  /** Acceptance rate and throughput per stage over the run, from the monitor's history. */
  void timeSeries(List<Snapshot> history) throws IOException {
    if (history.isEmpty()) {
      return;
    }
    long start = history.get(0).takenAt();
    List<Series> acceptance = new ArrayList<>();
    List<Series> throughput = new ArrayList<>();
    for (TaskView first : history.get(history.size() - 1).tasks()) {
      String task = first.task();
      List<double[]> accepted = new ArrayList<>();
      List<double[]> labeled = new ArrayList<>();
      List<double[]> decided = new ArrayList<>();
      List<double[]> ingested = new ArrayList<>();
      for (Snapshot snapshot : history) {
        double t = (snapshot.takenAt() - start) / 1000.0;
        snapshot
            .task(task)
            .ifPresent(
                view -> {
                  if (view.accepted() + view.rejected() > 0) {
                    accepted.add(new double[] {t, view.acceptanceRate()});
                  }
                  ingested.add(new double[] {t, rate(view, ".raw")});
                  labeled.add(new double[] {t, rate(view, ".labeled")});
                  decided.add(new double[] {t, rate(view, ".accepted") + rate(view, ".rejected")});
                });
      }
      acceptance.add(new Series(task, accepted));
      throughput.add(new Series(task + " ingest", ingested));
      throughput.add(new Series(task + " labeler", labeled));
      throughput.add(new Series(task + " filter", decided));
    }
    chart(
        "acceptance.png",
        "Acceptance rate over time",
        Charts.lineChart(
            dir.resolve("acceptance.png"),
            "Acceptance rate",
            "seconds",
            "accepted share",
            acceptance,
            List.of()));
    chart(
        "throughput.png",
        "Throughput per stage (records/s written to each stage's output topic)",
        Charts.lineChart(
            dir.resolve("throughput.png"),
            "Throughput per stage",
            "seconds",
            "records/s",
            throughput,
            List.of()));
  }

  /** Histograms of every score the policy's rules use, with their thresholds. */
  void scoreDistributions(String task, FilterPolicy policy, List<ScoredRecord> scored)
      throws IOException {
    markdown.append("### Score distributions of ").append(task).append("\n\n");
    for (Rule rule : policy.rules()) {
      double[] values =
          scored.stream()
              .map(r -> r.getScores().get(rule.score()))
              .filter(v -> v != null && Double.isFinite(v))
              .mapToDouble(Double::doubleValue)
              .toArray();
      if (values.length == 0) {
        continue;
      }
      double min = Math.min(0, java.util.Arrays.stream(values).min().orElse(0));
      double max = Math.max(1, java.util.Arrays.stream(values).max().orElse(1));
      List<Double> thresholds = new ArrayList<>();
      for (Double t :
          new Double[] {
            rule.acceptAtMost(), rule.softAtMost(), rule.acceptAtLeast(), rule.softAtLeast()
          }) {
        if (t != null) {
          thresholds.add(t);
        }
      }
      String file = "scores-" + task + "-" + rule.score() + ".png";
      chart(
          file,
          rule.score() + " (" + values.length + " records; lines = thresholds)",
          Charts.histogram(
              dir.resolve(file),
              task + ": " + rule.score(),
              rule.score(),
              values,
              30,
              min,
              max,
              thresholds));
    }
  }

  /** Student quality per published version against the teacher's. */
  void studentQuality(String task, List<VersionView> versions, String metric, Double teacher)
      throws IOException {
    markdown.append("### Student versions of ").append(task).append("\n\n");
    if (versions.isEmpty()) {
      markdown.append("No version published.\n\n");
      return;
    }
    markdown.append("| version | status | step | samples | metrics |\n|---:|---|---:|---:|---|\n");
    List<double[]> points = new ArrayList<>();
    for (VersionView v : versions) {
      markdown.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %d | %d | %s |%n",
              v.version(),
              v.status(),
              v.step(),
              v.samplesSeen(),
              v.metrics()));
      Double value = v.metrics().get(metric);
      if (value != null) {
        points.add(new double[] {v.step(), value});
      }
    }
    markdown.append('\n');
    List<Series> references =
        teacher == null
            ? List.of()
            : List.of(
                new Series("teacher " + metric, List.<double[]>of(new double[] {0, teacher})));
    String file = "student-" + task + ".png";
    chart(
        file,
        "Student " + metric + " by optimisation step",
        Charts.lineChart(
            dir.resolve(file),
            task + " student " + metric,
            "optimisation steps (fresh and replay-only)",
            metric,
            List.of(new Series("student " + metric, points)),
            references));
  }

  Path write() throws IOException {
    Path file = dir.resolve("REPORT.md");
    Files.writeString(file, markdown.toString());
    return file;
  }

  private void chart(String file, String caption, Path written) {
    markdown
        .append("![")
        .append(caption)
        .append("](")
        .append(written.getFileName())
        .append(")\n\n");
  }

  private static double rate(TaskView view, String suffix) {
    return view.topics().stream()
        .filter(t -> t.topic().endsWith(suffix))
        .mapToDouble(TopicRate::perSecond)
        .sum();
  }

  static String metrics(Map<String, Double> metrics) {
    return metrics.toString();
  }
}
