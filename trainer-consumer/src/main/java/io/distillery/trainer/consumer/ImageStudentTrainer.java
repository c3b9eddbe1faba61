package io.distillery.trainer.consumer;

import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.publish.StudentPublisher;
import io.distillery.trainer.publish.StudentVersions;
import io.distillery.trainer.repository.ModelConfig;
import io.distillery.trainer.repository.ModelRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * Assembles the trainer-consumer for a Fashion-MNIST-shaped image student: the distillation
 * objective evaluated on a labelled held-out set, and a publisher that announces versions on the
 * task's student-versions topic.
 */
public final class ImageStudentTrainer implements AutoCloseable {

  private final TrainerLoop<?> loop;
  private final StudentVersionAnnouncer announcer;

  /**
   * @param config the consumer side
   * @param student the optimiser, loss and publishing
   * @param heldOut labelled images for evaluation
   * @param servers inference servers that load each published version
   * @param registry metrics
   */
  public ImageStudentTrainer(
      TrainerConfig config,
      StudentSettings student,
      LabelledImages heldOut,
      List<io.distillery.trainer.publish.ModelServer> servers,
      MeterRegistry registry) {
    ImageDistillation objective =
        new ImageDistillation(ImageSamples.fashionMnist(), student.loss(), heldOut);
    StudentPublisher publisher = null;
    if (student.repository() != null) {
      announcer = new StudentVersionAnnouncer(config.bootstrapServers(), config.kafkaProperties());
      StudentVersions versions =
          new StudentVersions(
              new ModelRepository(student.repository()),
              ModelConfig.imageClassifier(student.modelName()),
              config.task());
      publisher = new StudentPublisher(versions, student.publishTolerance(), servers, announcer);
    } else {
      announcer = null;
    }
    this.loop =
        new TrainerLoop<>(
            config, objective, student.initialModel(), student::newOptimizer, publisher, registry);
  }

  /** The loop, to run, stop or observe. */
  public TrainerLoop<?> loop() {
    return loop;
  }

  @Override
  public void close() {
    if (announcer != null) {
      announcer.close();
    }
  }
}
