package io.distillery.trainer.consumer;

import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.publish.ModelServer;
import io.distillery.trainer.publish.StudentSignature;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * Assembles the trainer-consumer for a Fashion-MNIST-shaped image student: the distillation
 * objective evaluated on a labelled held-out set, and a publisher that announces versions on the
 * task's student-versions topic.
 */
public final class ImageStudentTrainer implements StudentTrainer {

  private final TrainerLoop<?> loop;
  private final StudentPublishing publishing;

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
      List<ModelServer> servers,
      MeterRegistry registry) {
    if (student.loss() == null) {
      throw new IllegalArgumentException("the image student needs a distillation loss");
    }
    ImageDistillation objective =
        new ImageDistillation(ImageSamples.fashionMnist(), student.loss(), heldOut);
    this.publishing =
        new StudentPublishing(
            config, student, StudentSignature.imageClassifier(student.modelName()), servers);
    this.loop = publishing.loop(config, student, objective, registry);
  }

  @Override
  public TrainerLoop<?> loop() {
    return loop;
  }

  @Override
  public void close() {
    publishing.close();
  }
}
