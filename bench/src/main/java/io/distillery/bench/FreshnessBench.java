package io.distillery.bench;

import io.distillery.filter.policy.PolicyLoader;
import io.distillery.filter.topology.FilterApp;
import io.distillery.lab.pipeline.InProcessPipeline;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.labeler.stage.LabelerStage;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.consumer.ImageStudentTrainer;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end freshness: how long a record takes from ingest to the end of the training step that
 * used it, across the whole pipeline (labeler on a synthetic teacher, filter, trainer) on one
 * broker. First the pipeline's capacity is measured (records ingested as fast as possible, until
 * all are trained); then a fresh pipeline is fed at half of that rate and the trainer's freshness
 * timer gives p50 and p99.
 */
public final class FreshnessBench {

  /**
   * @param capacityRecords records of the capacity run
   * @param paceRecords records of the run at half capacity
   * @param serviceMillis the synthetic teacher's service time per batch of up to 64
   * @param modelsCache where the untrained student's TorchScript is generated
   */
  public record Settings(
      int capacityRecords, int paceRecords, long serviceMillis, Path modelsCache) {

    /** 6,000 records for capacity, 3,000 at half of it, a 20 ms teacher. */
    public static Settings defaults() {
      return new Settings(
          6_000,
          3_000,
          20,
          Path.of(System.getProperty("distillery.home", "."), ".distillery", "models"));
    }
  }

  private static final String ACCEPT_ALL =
      """
      {"name": "bench-accept-all", "task": "bench", "scorers": ["classification"], "rules": []}
      """;

  private FreshnessBench() {}

  /** Runs both phases on a broker and a server of its own under {@code workDir}. */
  public static List<BenchResult> run(Settings settings, Path workDir) throws Exception {
    LibtorchThreads.configure(1);
    Path student = ModelDefinitions.inCache(settings.modelsCache()).ensure(DemoModel.IMAGE_STUDENT);
    Path models = workDir.resolve("freshness-models");
    BenchTeacher.write(models, 64, settings.serviceMillis(), 2_000);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (InProcessPipeline pipeline =
        new InProcessPipeline(workDir.resolve("freshness"), models, 0, 2, registry)) {
      Phase capacity =
          phase(pipeline, registry, "bench-fresh-capacity", settings.capacityRecords(), 0, student);
      double rate = capacity.recordsPerSecond() / 2;
      Phase paced =
          phase(pipeline, registry, "bench-fresh-paced", settings.paceRecords(), rate, student);
      String note =
          String.format(
              Locale.ROOT,
              "%,d records at %.0f records/s (half the capacity); synthetic teacher %d ms per"
                  + " batch of 64; labeler, filter (exactly-once) and trainer (batch 32, linger"
                  + " 500 ms) in one process",
              settings.paceRecords(),
              rate,
              settings.serviceMillis());
      return List.of(
          new BenchResult(
              "pipeline capacity, ingest to trained",
              capacity.recordsPerSecond(),
              Double.NaN,
              "records/s",
              Double.NaN,
              true,
              String.format(
                  Locale.ROOT,
                  "%,d records ingested at once, labeled, filtered and trained",
                  settings.capacityRecords())),
          new BenchResult(
              "freshness p50 (ingest to trained)",
              paced.p50Millis(),
              Double.NaN,
              "ms",
              Double.NaN,
              false,
              note),
          new BenchResult(
              "freshness p99 (ingest to trained)",
              paced.p99Millis(),
              Double.NaN,
              "ms",
              Double.NaN,
              false,
              note));
    }
  }

  private record Phase(double recordsPerSecond, double p50Millis, double p99Millis) {}

  private static Phase phase(
      InProcessPipeline pipeline,
      SimpleMeterRegistry registry,
      String task,
      int records,
      double perSecond,
      Path student)
      throws Exception {
    PipelineTask stage = BenchTeacher.task(task);
    TaskTopics topics = pipeline.topics(stage);
    String bootstrap = pipeline.bootstrapServers();
    Path workDir = pipeline.blobRoot().getParent();
    TrainerConfig trainerConfig =
        TrainerConfig.builder(task, bootstrap, workDir.resolve(task + "-trainer"))
            .every(50, 0)
            .replay(1000, 0.0, 7)
            .build();
    StudentSettings settings =
        new StudentSettings(
            student,
            CheckpointableOptimizer.Kind.ADAM,
            new LearningRateSchedule(0.002f, 20, 1000, 0.7f, 0.00002f),
            new DistillationLoss(2.0f, 0.8f, 1.0f),
            null,
            task + "-student",
            0.005);
    LabelledImages heldOut =
        LabelledImages.fashionMnist(Path.of("/usr/share/datasets/fashion-mnist"), "t10k").head(10);
    AtomicLong trained = new AtomicLong();
    LabelerStage labeler =
        pipeline.startLabeler(
            pipeline
                .labelerConfig(stage)
                .instanceId("bench")
                .commitInterval(Duration.ofMillis(100))
                .maxClaimCheckBytes(16 << 20)
                .build());
    FilterApp filter =
        pipeline.startFilter(
            stage,
            PolicyLoader.read(
                new ByteArrayInputStream(
                    ACCEPT_ALL
                        .replace("\"bench\"", "\"" + task + "\"")
                        .getBytes(StandardCharsets.UTF_8)),
                "accept-all"),
            workDir);
    try (ImageStudentTrainer trainer =
        new ImageStudentTrainer(trainerConfig, settings, heldOut, List.of(), registry)) {
      trainer.loop().onStep((step, samples) -> trained.set(samples));
      CompletableFuture<Void> training =
          CompletableFuture.runAsync(
              () -> {
                try {
                  trainer.loop().run();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      long start = System.nanoTime();
      BenchImages.produce(bootstrap, task, topics.raw(), records, perSecond);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
      while (trained.get() < records) {
        if (training.isDone()) {
          training.join();
          throw new IllegalStateException("the trainer stopped early");
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + trained.get() + " of " + records + " records trained in 15 minutes");
        }
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      trainer.loop().requestStop();
      training.get(2, TimeUnit.MINUTES);
      pipeline.stop(labeler);
      pipeline.stop(filter);
      Timer freshness = registry.get("distillery.trainer.freshness").tag("task", task).timer();
      double p50 = Double.NaN;
      double p99 = Double.NaN;
      for (ValueAtPercentile v : freshness.takeSnapshot().percentileValues()) {
        if (v.percentile() == 0.5) {
          p50 = v.value(TimeUnit.MILLISECONDS);
        } else if (v.percentile() == 0.99) {
          p99 = v.value(TimeUnit.MILLISECONDS);
        }
      }
      return new Phase(records / seconds, p50, p99);
    }
  }

  /** Runs with the defaults and prints the table. */
  public static void main(String[] args) throws Exception {
    BenchTable table = new BenchTable(Machine.describe());
    run(Settings.defaults(), Files.createTempDirectory("freshness-bench-")).forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
