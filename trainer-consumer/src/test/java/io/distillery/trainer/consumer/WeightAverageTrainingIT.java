package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.kserve.repository.ModelRepository;
import io.distillery.models.DemoModel;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.Students;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.StudentPublisher;
import io.distillery.trainer.publish.StudentSignature;
import io.distillery.trainer.publish.StudentVersions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --weight-average}: the streaming trainer publishes the moving average of its
 * weights, and keeps training the weights themselves; without the option it publishes what it
 * trained.
 */
@Tag("integration")
@Timeout(300)
class WeightAverageTrainingIT {

  private static final int RECORDS = 64;

  @RegisterExtension static TrainerRig rig = new TrainerRig(DemoModel.IMAGE_STUDENT);

  @TempDir Path dir;

  @Test
  void shouldPublishTheAverageOfTheWeightsAndCheckpointTheTrainedOnes() throws Exception {
    double averaged = publishedMinusTrained("ema-on", 0.9f);
    double plain = publishedMinusTrained("ema-off", 0f);

    assertThat(plain)
        .as("without the average, the version published at the last step is what was trained")
        .isZero();
    assertThat(averaged)
        .as("with it, the published version lags the trained weights")
        .isGreaterThan(1e-4);
  }

  /**
   * Trains {@code RECORDS} images in 4 steps (a checkpoint and an evaluation at the last) and
   * returns the largest difference between the last published version's weights and the last
   * checkpoint's.
   */
  private double publishedMinusTrained(String task, float decay) throws Exception {
    TaskTopics topics = rig.createTopics(task, 1);
    rig.sendImages(topics, RECORDS);
    ModelRepository repository = new ModelRepository(dir.resolve(task).resolve("repository"));
    StudentVersions versions =
        new StudentVersions(repository, StudentSignature.imageClassifier(task + "-student"), task);
    StudentPublisher publisher =
        new StudentPublisher(
            versions,
            1.0,
            List.of(),
            new StudentVersionAnnouncer(rig.bootstrapServers(), Map.of()));
    TrainerConfig config =
        rig.config(task, dir.resolve(task))
            .batch(16, Duration.ofMillis(300))
            .every(4, 4)
            .replay(0, 0, 7)
            .weightAverage(decay)
            .build();
    TrainerLoop<?> loop =
        new TrainerLoop<>(
            config,
            new ImageDistillation(
                ImageSamples.fashionMnist(),
                DistillationLoss.distilWhisperDefaults(),
                AcceptedRecordsFixture.heldOut(32, 3)),
            rig.student(),
            () ->
                new CheckpointableOptimizer(
                    CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(3e-3f), 0),
            publisher,
            new SimpleMeterRegistry());

    Checkpoint last = rig.trainUntil(loop, RECORDS);

    assertThat(last.step()).isEqualTo(4);
    long version = repository.latestVersion(task + "-student").orElseThrow();
    try (TorchScriptModule published =
            TorchScriptModule.loadForInference(repository.modelFile(task + "-student", version));
        TorchScriptModule trained =
            TorchScriptModule.loadForInference(
                new CheckpointStore(dir.resolve(task).resolve("checkpoints"))
                    .resolve(last.modelFile()))) {
      return Students.maxAbsDifference(Students.weights(published), Students.weights(trained));
    }
  }
}
