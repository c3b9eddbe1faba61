package io.distillery.lab.demo;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.kafka.CommittedReader;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.files.Folders;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.lab.speech.RealSpeech;
import io.distillery.lab.speech.TeacherWer;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.models.DemoRepository;
import io.distillery.monitor.Monitor;
import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.model.VersionView;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.data.LabelledImages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The whole demo pipeline in this process: teacher ready, broker and inference server up, a labeler
 * and a filter per task, data streamed in, progress printed from the monitor's snapshots until
 * every raw record is decided (accepted, rejected or dead-lettered), then the report.
 */
public final class DemoRun implements Callable<Integer> {

  private final DemoSettings options;
  private final PrintWriter out;
  private final java.util.concurrent.atomic.AtomicBoolean interrupted =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.CountDownLatch reported =
      new java.util.concurrent.CountDownLatch(1);

  public DemoRun(DemoSettings options, PrintWriter out) {
    this.options = options;
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<PipelineTask> tasks = tasks();
    Path workDir = options.workDir();
    Path repository = Home.repository();
    // Each run distils its students from scratch: earlier runs' versions would gate publishing.
    for (PipelineTask task : tasks) {
      Folders.deleteRecursively(repository.resolve(task.studentModel()));
    }
    DemoRepository.write(repository);
    ImageTeacher.Outcome teacher = null;
    if (tasks.contains(PipelineTask.FMNIST)) {
      teacher = DemoModels.ensureTeacher(repository, options.teacherEpochs(), out);
    }
    Folders.deleteRecursively(workDir.resolve("kafka"));
    Folders.deleteRecursively(workDir.resolve("state"));
    long started = System.nanoTime();
    // Ctrl-C ends the run the way the end of the data does: trainers stop, the report is written.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  interrupted.set(true);
                  try {
                    reported.await(120, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "demo-interrupt"));
    try (InProcessPipeline pipeline =
        new InProcessPipeline(
            workDir, repository, options.port(), options.partitions(), new SimpleMeterRegistry())) {
      out.printf(
          "Embedded Kafka %s, inference server 127.0.0.1:%d%n",
          pipeline.bootstrapServers(), pipeline.serverPort());
      for (PipelineTask task : tasks) {
        pipeline.startStages(task, workDir.resolve("state"));
      }
      List<DemoTrainer> trainers = new ArrayList<>();
      for (PipelineTask task : tasks) {
        DemoTrainer trainer =
            new DemoTrainer(
                task,
                pipeline.bootstrapServers(),
                workDir.resolve("state"),
                pipeline.blobRoot(),
                repository,
                pipeline.serverPort(),
                options,
                new SimpleMeterRegistry(),
                out);
        pipeline.own(trainer);
        trainers.add(trainer);
      }
      ExecutorService ingest = Executors.newSingleThreadExecutor(r -> new Thread(r, "demo-ingest"));
      pipeline.own(ingest::shutdownNow);
      Future<?> ingestion =
          ingest.submit(
              () -> {
                if (tasks.contains(PipelineTask.FMNIST)) {
                  new DemoIngest(options, out).streamImages(pipeline.bootstrapServers());
                }
                if (tasks.contains(PipelineTask.ASR_EN)) {
                  new DemoIngest(options, out).streamSpeech(pipeline.bootstrapServers());
                }
                return null;
              });
      Set<String> names = Set.copyOf(tasks.stream().map(PipelineTask::name).toList());
      try (Monitor monitor = new Monitor(pipeline.bootstrapServers(), Map.of(), names)) {
        Snapshot last = follow(monitor, ingestion, names, started, trainers);
        for (DemoTrainer trainer : trainers) {
          var checkpoint = trainer.stop();
          out.printf(
              "Trainer %s: %d samples trained in %d steps (%d replayed), last published version %d%n",
              trainer.task(),
              checkpoint.samplesTrained(),
              checkpoint.step(),
              checkpoint.samplesReplayed(),
              checkpoint.publishedVersion());
        }
        last = monitor.refresh();
        report(pipeline, monitor, last, tasks, started, teacher);
      } finally {
        reported.countDown();
      }
      if (options.keepRunning()) {
        out.printf(
            "Pipeline stays up: ./distillery monitor -b %s   (Ctrl-C to stop)%n",
            pipeline.bootstrapServers());
        out.flush();
        Thread.currentThread().join();
      }
    }
    return 0;
  }

  private Snapshot follow(
      Monitor monitor,
      Future<?> ingestion,
      Set<String> names,
      long started,
      List<DemoTrainer> trainers)
      throws Exception {
    long deadline = started + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    Snapshot snapshot = monitor.refresh();
    while (true) {
      long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      out.print(DemoProgress.lines(elapsed, snapshot));
      out.flush();
      if (ingestion.isDone()) {
        ingestion.get();
        if (allDecided(snapshot, names) && caughtUp(snapshot, trainers)) {
          return snapshot;
        }
      }
      if (System.nanoTime() > deadline) {
        out.println("Duration reached; stopping with records still in flight.");
        return snapshot;
      }
      for (int i = 0; i < 6 && !interrupted.get(); i++) {
        Thread.sleep(500);
      }
      if (interrupted.get()) {
        out.println("Interrupted: stopping the trainers and writing the report.");
        out.flush();
        return snapshot;
      }
      snapshot = monitor.refresh();
    }
  }

  /**
   * Whether each trainer's last checkpoint accounts for every record its task accepted and the
   * trainer has settled (its idle replay done).
   */
  private static boolean caughtUp(Snapshot snapshot, List<DemoTrainer> trainers) throws Exception {
    for (DemoTrainer trainer : trainers) {
      if (trainer.failed()) {
        trainer.stop(); // rethrows what stopped it
      }
      long accepted = snapshot.task(trainer.task()).map(TaskView::accepted).orElse(0L);
      if (trainer.samplesCheckpointed() < accepted || !trainer.settled()) {
        return false;
      }
    }
    return true;
  }

  private static boolean allDecided(Snapshot snapshot, Set<String> names) {
    if (snapshot.tasks().size() < names.size()) {
      return false;
    }
    for (TaskView view : snapshot.tasks()) {
      if (DemoProgress.raw(view) == 0 || DemoProgress.decided(view) < DemoProgress.raw(view)) {
        return false;
      }
    }
    return true;
  }

  private void report(
      InProcessPipeline pipeline,
      Monitor monitor,
      Snapshot last,
      List<PipelineTask> tasks,
      long started,
      ImageTeacher.Outcome teacher)
      throws Exception {
    Double teacherAccuracy = teacher == null ? null : teacher.testAccuracy();
    DemoReport report = new DemoReport(options.workDir().resolve("report"));
    report.paragraph(
        String.format(
            java.util.Locale.ROOT,
            "Run of `./distillery demo` on the embedded default: %d Fashion-MNIST training images and %d"
                + " synthetic utterances, %d partitions per topic, seed %d, %.0f s wall time.",
            tasks.contains(PipelineTask.FMNIST) ? options.images() : 0,
            tasks.contains(PipelineTask.ASR_EN) ? options.utterances() : 0,
            options.partitions(),
            options.seed(),
            (System.nanoTime() - started) / 1e9));
    report.summary(last);
    List<String> results = new ArrayList<>();
    // The teacher's figure each student's curve is drawn against (null when unknown).
    java.util.Map<PipelineTask, Double> teacherLines = new java.util.HashMap<>();
    for (PipelineTask task : tasks) {
      List<VersionView> versions = last.task(task.name()).map(TaskView::versions).orElse(List.of());
      List<io.distillery.schemas.avro.LabeledRecord> labeled =
          CommittedReader.readValues(
              pipeline.bootstrapServers(),
              Map.of(),
              List.of(pipeline.topics(task).labeled()),
              io.distillery.schemas.serde.Serdes.labeled()::decode);
      if (task.kind() == TaskKind.IMAGE) {
        results.add(imageResult(task, teacher));
        teacherLines.put(task, teacherAccuracy);
      } else {
        TeacherWer teacherWer = DemoResults.teacherWer(labeled);
        teacherLines.put(task, teacherWer == null ? null : teacherWer.wordErrorRate());
        results.add(DemoResults.speech(task.name(), versions, teacherWer));
        results.add(realSpeechResult(task, pipeline.serverPort()));
      }
      results.add(
          DemoResults.studentAgreement(
              task.name(),
              task.kind() == TaskKind.SPEECH,
              new io.distillery.filter.scoring.StudentAgreementScorer(
                  io.distillery.asrmetrics.text.TextNormalizer.named(
                      PolicyLoader.builtIn(task.name()).normalizer())),
              labeled));
    }
    report.results(results);
    results.forEach(line -> out.println("Result: " + line));
    report.timeSeries(monitor.history());
    for (PipelineTask task : tasks) {
      var topics = pipeline.topics(task);
      report.scoreDistributions(
          task.name(),
          PolicyLoader.builtIn(task.name()),
          CommittedReader.readValues(
              pipeline.bootstrapServers(),
              Map.of(),
              List.of(topics.accepted(), topics.rejected()),
              io.distillery.schemas.serde.Serdes.scored()::decode));
      last.task(task.name())
          .ifPresent(
              view -> {
                try {
                  report.studentQuality(
                      task.name(),
                      view.versions(),
                      task.kind() == TaskKind.IMAGE ? "accuracy" : "wer",
                      teacherLines.get(task));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    Path file = report.write();
    out.println();
    out.println("Summary:");
    for (TaskView view : last.tasks()) {
      out.println(
          "  "
              + DemoProgress.line(
                  TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), view));
    }
    out.println("Report: " + file.toAbsolutePath());
    out.flush();
  }

  /**
   * The image student's serving version on the whole Fashion-MNIST test split, against the teacher
   * on the same split (the demo's evaluations during the run use a subset).
   */
  private static String imageResult(PipelineTask task, ImageTeacher.Outcome teacher)
      throws IOException {
    ModelRepository repository = new ModelRepository(Home.repository());
    var latest = repository.latestVersion(task.studentModel());
    if (latest.isEmpty()) {
      return DemoResults.image(task.name(), null, 0, null, teacher);
    }
    long version = latest.getAsLong();
    ImageTeacher.Evaluation student =
        ImageTeacher.evaluate(
            repository.modelFile(task.studentModel(), version),
            LabelledImages.fashionMnist(Home.FASHION_MNIST, "t10k"));
    return DemoResults.image(task.name(), student, version, task.studentModel(), teacher);
  }

  /**
   * The speech teacher, as served, and the latest published student on real recordings with true
   * transcripts: WER and real-time factor of both.
   */
  private static String realSpeechResult(PipelineTask task, int serverPort) throws Exception {
    List<RealSpeech.Recording> recordings = RealSpeech.installed(RealSpeech.TEST_DATA);
    if (recordings.isEmpty()) {
      return task.name()
          + " on real speech: no recordings (install Debian's pocketsphinx-testdata, as"
          + " infra/scripts/install-prerequisites.sh does).";
    }
    ModelRepository repository = new ModelRepository(Home.repository());
    var latest = repository.latestVersion(task.studentModel());
    String teacher =
        task.models().stream()
            .filter(m -> m.role() == io.distillery.schemas.avro.ModelRole.TEACHER)
            .findFirst()
            .orElseThrow()
            .model();
    RealSpeech.Result served =
        RealSpeech.teacher(
            new io.distillery.kserve.client.ServerAddress("127.0.0.1", serverPort),
            teacher,
            recordings);
    return RealSpeech.line(
        task.name(),
        served,
        latest.isEmpty()
            ? null
            : RealSpeech.student(
                task.studentModel() + " v" + latest.getAsLong(),
                repository.modelFile(task.studentModel(), latest.getAsLong()),
                recordings));
  }

  private List<PipelineTask> tasks() {
    List<PipelineTask> tasks = new ArrayList<>();
    if (options.tasks().images()) {
      tasks.add(PipelineTask.FMNIST);
    }
    if (options.tasks().speech()) {
      tasks.add(PipelineTask.ASR_EN);
    }
    return tasks;
  }
}
