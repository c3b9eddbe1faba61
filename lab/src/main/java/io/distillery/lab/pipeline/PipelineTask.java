package io.distillery.lab.pipeline;

import io.distillery.labeler.config.ModelBinding;
import io.distillery.models.DemoRepository;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.topics.TaskKind;
import java.util.List;

/**
 * One of the demo's two tasks: how its records are labeled and by which models.
 *
 * @param name task name
 * @param kind image classification or speech recognition
 * @param models the models each record goes to
 * @param maxBatch the labeler's micro-batch size (at most the model's max batch size)
 * @param inFlight the labeler's batches in flight
 * @param studentModel the name the task's student is published under
 * @param policy the built-in filter policy the task's filter applies ({@code fmnist} or {@code
 *     asr-en})
 */
public record PipelineTask(
    String name,
    TaskKind kind,
    List<ModelBinding> models,
    int maxBatch,
    int inFlight,
    String studentModel,
    String policy) {

  /**
   * Fashion-MNIST: the CNN teacher, and the student the trainer publishes (asked from its first
   * version on, for KD3's scores).
   */
  public static final PipelineTask FMNIST =
      new PipelineTask(
          "fmnist",
          TaskKind.IMAGE,
          List.of(
              new ModelBinding(ModelRole.TEACHER, DemoRepository.IMAGE_TEACHER),
              new ModelBinding(ModelRole.STUDENT, DemoRepository.IMAGE_STUDENT)),
          64,
          4,
          DemoRepository.IMAGE_STUDENT,
          "fmnist");

  /**
   * English speech: the pocketsphinx teacher, its narrow-beam proxy for agreement filtering and the
   * published student (asked from its first version on, for KD3's scores). The decoder takes
   * seconds per utterance on a small machine, so batches are small and few: a deep queue would
   * outwait the client's deadline and have its work thrown away.
   */
  public static final PipelineTask ASR_EN =
      new PipelineTask(
          "asr-en",
          TaskKind.SPEECH,
          List.of(
              new ModelBinding(ModelRole.TEACHER, DemoRepository.ASR_TEACHER),
              new ModelBinding(ModelRole.PROXY, DemoRepository.ASR_PROXY),
              new ModelBinding(ModelRole.STUDENT, "asr-en-student")),
          4,
          2,
          "asr-en-student",
          "asr-en");

  /** The same task under another name, talking to {@code models}, e.g. for a test's own topics. */
  public PipelineTask as(String otherName, List<ModelBinding> otherModels) {
    return new PipelineTask(
        otherName, kind, otherModels, maxBatch, inFlight, otherName + "-student", policy);
  }
}
