package io.distillery.cli.demo;

import io.distillery.infra.models.DemoModel;
import io.distillery.infra.models.ModelDefinitions;
import io.distillery.infra.serving.DemoRepository;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.consumer.ImageStudentTrainer;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.GrpcModelServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's trainer-consumer for {@code fmnist}: distils the image student from the accepted
 * stream in a thread of its own, evaluates it on part of the test split and publishes each
 * non-regressing version into the repository and the running server (live refresh).
 */
final class DemoTrainer implements AutoCloseable {

  /** The trainer's consumer group, whose lag says whether it has caught up. */
  final String groupId;

  private final Path checkpoints;
  private final ImageStudentTrainer trainer;
  private final GrpcModelServer server;
  private final CompletableFuture<Checkpoint> finished = new CompletableFuture<>();

  DemoTrainer(
      String task,
      String bootstrapServers,
      Path checkpoints,
      Path blobRoot,
      Path repository,
      int serverPort,
      int evaluateEvery,
      int evalImages,
      MeterRegistry registry)
      throws Exception {
    LibtorchThreads.configure(1);
    TrainerConfig config =
        new TrainerConfig(
            task,
            bootstrapServers,
            Map.of(),
            32,
            Duration.ofMillis(500),
            50,
            evaluateEvery,
            5000,
            0.25,
            7,
            checkpoints,
            List.of(blobRoot),
            64L << 20);
    this.groupId = config.groupId();
    this.checkpoints = checkpoints;
    Path initial =
        ModelDefinitions.inCache(DemoModels.state("models")).ensure(DemoModel.IMAGE_STUDENT);
    StudentSettings settings =
        new StudentSettings(
            initial,
            CheckpointableOptimizer.Kind.ADAM,
            new LearningRateSchedule(0.002f, 20, 1000, 0.7f, 0.00002f),
            new DistillationLoss(2.0f, 0.8f, 1.0f),
            repository,
            DemoRepository.IMAGE_STUDENT,
            0.005);
    LabelledImages heldOut =
        LabelledImages.fashionMnist(DemoModels.FASHION_MNIST, "t10k").head(evalImages);
    this.server = new GrpcModelServer("127.0.0.1:" + serverPort, Duration.ofSeconds(60));
    this.trainer = new ImageStudentTrainer(config, settings, heldOut, List.of(server), registry);
    Thread thread =
        new Thread(
            () -> {
              try {
                finished.complete(trainer.loop().run());
              } catch (Throwable e) {
                finished.completeExceptionally(e);
              }
            },
            "demo-trainer-" + task);
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks the loop to train what it holds, checkpoint and stop; returns the final checkpoint. */
  Checkpoint stop() throws Exception {
    trainer.loop().requestStop();
    return finished.get();
  }

  /**
   * Samples the last checkpoint accounts for, trained or dead-lettered. (The group's committed
   * offsets stop one short of each partition's final transaction marker, so lag is not the test.)
   */
  long samplesCheckpointed() throws java.io.IOException {
    return new io.distillery.trainer.checkpoint.CheckpointStore(checkpoints)
        .latest()
        .map(c -> c.samplesTrained() + c.samplesDeadLettered())
        .orElse(0L);
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
