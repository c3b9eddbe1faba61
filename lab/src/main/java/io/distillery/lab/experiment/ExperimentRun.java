package io.distillery.lab.experiment;

import io.distillery.kafka.CommittedReader;
import io.distillery.lab.files.Folders;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.monitor.Monitor;
import io.distillery.monitor.model.TaskView;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.trainer.engine.LibtorchThreads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code distillery experiment} end to end: per task, the teachers into a model repository of the
 * experiment's own, a broker and the development inference server, the stream labeled once by the
 * real labeler, then every arm's policy, training and evaluation on that same labeled stream, and
 * the report.
 */
public final class ExperimentRun {

  private final ExperimentSettings options;
  private final PrintWriter out;

  public ExperimentRun(ExperimentSettings options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  /**
   * What a run produced.
   *
   * @param report the Markdown report
   * @param results each task's arms, in report order
   */
  public record Outcome(Path report, Map<String, List<ExperimentArms.Result>> results) {}

  public Outcome run() throws Exception {
    LibtorchThreads.configure(1);
    ExperimentReport report = new ExperimentReport(options.workDir().resolve("report"));
    Map<String, List<ExperimentArms.Result>> all = new java.util.LinkedHashMap<>();
    for (TaskExperiment experiment : experiments()) {
      String task = experiment.task().name();
      Path taskDir = options.workDir().resolve(task);
      Path repository = taskDir.resolve("model-repository");
      out.println("== " + task + ": " + experiment.setting());
      out.flush();
      experiment.prepareModels(repository);
      List<LabeledRecord> labeled = label(experiment, taskDir, repository);
      List<ExperimentArms.Result> results = experiment.runArms(labeled, taskDir.resolve("blobs"));
      report.task(experiment, labeled.size(), results);
      all.put(task, results);
    }
    Path file = report.write();
    out.println("Report: " + file.toAbsolutePath());
    out.flush();
    return new Outcome(file, all);
  }

  private List<TaskExperiment> experiments() throws Exception {
    List<TaskExperiment> experiments = new ArrayList<>();
    if (options.tasks().images()) {
      experiments.add(new ImageExperiment(options, out));
    }
    if (options.tasks().speech()) {
      experiments.add(
          new SpeechExperiment(
              options, out, options.workDir().resolve(PipelineTask.ASR_EN.name())));
    }
    return experiments;
  }

  /** Streams the task's records through a real labeler once and reads the labeled topic back. */
  private List<LabeledRecord> label(TaskExperiment experiment, Path taskDir, Path repository)
      throws Exception {
    PipelineTask task = experiment.task();
    Folders.deleteRecursively(taskDir.resolve("kafka"));
    try (InProcessPipeline pipeline =
        new InProcessPipeline(
            taskDir, repository, 0, options.partitions(), new SimpleMeterRegistry())) {
      pipeline.startLabeler(task);
      IngestSummary ingested = experiment.ingest(pipeline.bootstrapServers(), pipeline.blobRoot());
      out.printf(
          Locale.ROOT,
          "  ingested %d records (%d invalid skipped); labeling...%n",
          ingested.sent(),
          ingested.invalid());
      out.flush();
      long deadLetters = awaitLabeled(pipeline, task.name(), ingested.sent());
      List<LabeledRecord> labeled =
          CommittedReader.readValues(
              pipeline.bootstrapServers(),
              Map.of(),
              List.of(pipeline.topics(task).labeled()),
              Serdes.labeled()::decode);
      out.printf(Locale.ROOT, "  labeled %d, dead-lettered %d%n", labeled.size(), deadLetters);
      out.flush();
      return labeled;
    }
  }

  private long awaitLabeled(InProcessPipeline pipeline, String task, long sent) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(options.labelTimeoutSeconds()).toNanos();
    try (Monitor monitor = new Monitor(pipeline.bootstrapServers(), Map.of(), Set.of(task))) {
      while (true) {
        TaskView view = monitor.refresh().task(task).orElse(null);
        if (view != null && view.labeled() + view.deadLetters() >= sent) {
          return view.deadLetters();
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Labeling of "
                  + task
                  + " did not finish within "
                  + options.labelTimeoutSeconds()
                  + " s (raise --label-timeout)");
        }
        Thread.sleep(1000);
      }
    }
  }

  /** Runs every arm in order, printing one line per arm. */
  static List<ExperimentArms.Result> runAll(
      ExperimentArms<?> arms,
      List<ExperimentArm> catalogue,
      List<LabeledRecord> labeled,
      PrintWriter out) {
    List<ExperimentArms.Result> results = new ArrayList<>();
    for (ExperimentArm arm : catalogue) {
      ExperimentArms.Result r = arms.run(arm, labeled);
      out.printf(
          Locale.ROOT,
          "  %-20s kept %5d of %5d (%5.1f%%), label quality %.4f, student %s %.4f ± %.4f"
              + " (%d seeds)%n",
          arm.name(),
          r.kept(),
          r.total(),
          100 * r.keptShare(),
          r.labelQuality(),
          r.metricName(),
          r.mean(),
          r.spread(),
          r.trainings().size());
      out.flush();
      results.add(r);
    }
    return results;
  }
}
