package io.distillery.lab.demo;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.lab.speech.HeldOutSpeech;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.consumer.ImageStudentTrainer;
import io.distillery.trainer.consumer.SpeechStudentTrainer;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.consumer.StudentTrainer;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.GrpcModelServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's trainer-consumer of one task: distils the task's student from its accepted stream in a
 * thread of its own, evaluates it on held-out data (Fashion-MNIST's test split; synthetic
 * utterances of sentences the stream never speaks) and publishes each non-regressing version into
 * the repository and the running server (live refresh).
 */
final class DemoTrainer implements AutoCloseable {

  /** Fresh samples in one step of the image student. */
  private static final int IMAGE_BATCH = 32;

  /** Fresh utterances in one step of the speech student. */
  private static final int SPEECH_BATCH = 8;

  private final String task;
  private final Path checkpoints;
  private final StudentTrainer trainer;
  private final GrpcModelServer server;
  private final CompletableFuture<Checkpoint> finished = new CompletableFuture<>();

  DemoTrainer(
      PipelineTask task,
      String bootstrapServers,
      Path stateDir,
      Path blobRoot,
      Path repository,
      int serverPort,
      DemoSettings settings,
      MeterRegistry registry,
      PrintWriter out)
      throws Exception {
    this.task = task.name();
    this.checkpoints = stateDir.resolve("trainer-" + task.name());
    boolean speech = task.kind() == TaskKind.SPEECH;
    TrainerConfig config =
        TrainerConfig.builder(task.name(), bootstrapServers, checkpoints)
            .batch(speech ? SPEECH_BATCH : IMAGE_BATCH, Duration.ofMillis(500))
            .every(50, settings.evaluateEvery())
            .replay(5000, settings.replayRatio(), settings.seed())
            .claimChecks(List.of(blobRoot), 64L << 20)
            .idleReplayEpochs(speech ? settings.speechIdleReplayEpochs() : 0)
            .weightAverage(speech ? 0 : (float) settings.imageWeightAverage())
            .build();
    Path initial =
        ModelDefinitions.inCache(Home.state("models"))
            .ensure(speech ? DemoModel.SPEECH_STUDENT : DemoModel.IMAGE_STUDENT, settings.seed());
    StudentSettings student =
        new StudentSettings(
            initial,
            CheckpointableOptimizer.Kind.ADAM,
            new LearningRateSchedule(0.002f, 20, 1000, 0.7f, 0.00002f),
            speech ? null : new DistillationLoss(2.0f, 0.8f, 1.0f),
            repository,
            task.studentModel(),
            speech ? 0.02 : 0.005);
    // each version travels in the load request, as to a Triton on another machine
    this.server =
        GrpcModelServer.uploading(
            new ServerAddress("127.0.0.1", serverPort),
            Duration.ofSeconds(60),
            java.util.Optional.empty(),
            new ModelRepository(repository));
    this.trainer =
        speech
            ? new SpeechStudentTrainer(
                config,
                student,
                HeldOutSpeech.load(
                    null,
                    Home.state("held-out").resolve(task.name()),
                    settings.evalUtterances(),
                    9_001,
                    out),
                List.of(server),
                registry)
            : new ImageStudentTrainer(
                config,
                student,
                LabelledImages.fashionMnist(Home.FASHION_MNIST, "t10k").head(settings.evalImages()),
                List.of(server),
                registry);
    Thread thread =
        new Thread(
            () -> {
              try {
                finished.complete(trainer.loop().run());
              } catch (Throwable e) {
                finished.completeExceptionally(e);
              }
            },
            "demo-trainer-" + task.name());
    thread.setDaemon(true);
    thread.start();
  }

  String task() {
    return task;
  }

  /** Asks the loop to train what it holds, evaluate, checkpoint and stop; the final checkpoint. */
  Checkpoint stop() throws Exception {
    trainer.loop().requestStop();
    return finished.get();
  }

  /**
   * Samples the last checkpoint accounts for, trained or dead-lettered. (The group's committed
   * offsets stop one short of each partition's final transaction marker, so lag is not the test.)
   */
  long samplesCheckpointed() throws IOException {
    return new CheckpointStore(checkpoints)
        .latest()
        .map(c -> c.samplesTrained() + c.samplesDeadLettered())
        .orElse(0L);
  }

  /** Whether the loop waits for records with nothing left to train (idle replay included). */
  boolean settled() {
    return trainer.loop().settled();
  }

  /** Whether the loop ended by itself (it should not before {@link #stop()}). */
  boolean failed() {
    return finished.isCompletedExceptionally();
  }

  @Override
  public void close() throws Exception {
    if (!finished.isDone()) {
      trainer.loop().requestStop();
    }
    trainer.close();
    server.close();
  }
}
