package io.distillery.cli.demo;

import io.distillery.infra.serving.DemoRepository;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;

/**
 * One of the demo's two tasks: how its records are labeled and by which models.
 *
 * @param name task name
 * @param kind the labeler's task adapter: {@code image} or {@code speech}
 * @param models the models each record goes to
 * @param maxBatch the labeler's micro-batch size (the model's max batch size)
 * @param studentModel the name the task's student is published under
 */
record DemoTask(
    String name, String kind, List<ModelBinding> models, int maxBatch, String studentModel) {

  /** Fashion-MNIST: the CNN teacher only. */
  static final DemoTask FMNIST =
      new DemoTask(
          "fmnist",
          "image",
          List.of(new ModelBinding(ModelRole.TEACHER, DemoRepository.IMAGE_TEACHER)),
          64,
          DemoRepository.IMAGE_STUDENT);

  /** English speech: the pocketsphinx teacher and its narrow-beam proxy for agreement filtering. */
  static final DemoTask ASR_EN =
      new DemoTask(
          "asr-en",
          "speech",
          List.of(
              new ModelBinding(ModelRole.TEACHER, DemoRepository.ASR_TEACHER),
              new ModelBinding(ModelRole.PROXY, DemoRepository.ASR_PROXY)),
          16,
          "asr-en-student");
}
