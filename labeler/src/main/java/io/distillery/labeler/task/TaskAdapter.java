package io.distillery.labeler.task;

import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.labeler.binding.Binding;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.topics.TaskKind;
import java.util.List;
import java.util.Map;

/**
 * Turns payloads into one item's model inputs and one item's model outputs into a label, through
 * the model's {@link Binding}.
 */
public interface TaskAdapter {

  /**
   * One item's inputs for the bound model, one per bound input in the model's order, without the
   * batch dimension.
   *
   * @param record the raw record (for content type and declared sizes)
   * @param payload the payload bytes, inline or resolved from the claim check
   * @throws RefusedRecordException if the payload cannot be decoded or does not fit the model
   */
  List<Tensor> inputs(RawRecord record, byte[] payload, Binding model)
      throws RefusedRecordException;

  /**
   * One item's label from its bound outputs (batch dimension removed).
   *
   * @throws TensorException if the outputs have the wrong shape or non-finite values
   */
  ModelOutput output(Map<String, Tensor> outputs, Binding model, String version, ModelRole role);

  /** The adapter for a task kind. */
  static TaskAdapter forKind(TaskKind kind) {
    return switch (kind) {
      case IMAGE -> new ImageClassification();
      case SPEECH -> new SpeechRecognition();
    };
  }
}
