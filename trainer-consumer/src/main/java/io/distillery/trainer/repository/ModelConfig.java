package io.distillery.trainer.repository;

import java.util.List;

/**
 * The parts of a Triton {@code config.pbtxt} the trainer writes for a TorchScript model (platform
 * {@code pytorch_libtorch}), rendered in protobuf text format.
 *
 * @param name the model name, equal to its folder name
 * @param maxBatchSize the largest batch; the batch dimension is implicit in the dims
 * @param inputs input tensors
 * @param outputs output tensors
 * @param versionsKept how many latest versions the server keeps loaded (2 makes rollback instant)
 */
public record ModelConfig(
    String name, int maxBatchSize, List<Tensor> inputs, List<Tensor> outputs, int versionsKept) {

  /**
   * One tensor of the model's signature.
   *
   * @param name e.g. {@code INPUT__0}
   * @param dataType Triton's type without the prefix, e.g. {@code FP32}
   * @param dims dimensions without the batch dimension
   */
  public record Tensor(String name, String dataType, List<Long> dims) {}

  /** The agreed image-classifier signature: INPUT__0 FP32 [1,28,28] to OUTPUT__0 FP32 [10]. */
  public static ModelConfig imageClassifier(String name) {
    return new ModelConfig(
        name,
        64,
        List.of(new Tensor("INPUT__0", "FP32", List.of(1L, 28L, 28L))),
        List.of(new Tensor("OUTPUT__0", "FP32", List.of(10L))),
        2);
  }

  /** The configuration in protobuf text format, as Triton reads it. */
  public String toPbtxt() {
    StringBuilder text = new StringBuilder();
    text.append("name: \"").append(name).append("\"\n");
    text.append("platform: \"pytorch_libtorch\"\n");
    text.append("max_batch_size: ").append(maxBatchSize).append('\n');
    appendTensors(text, "input", inputs);
    appendTensors(text, "output", outputs);
    text.append("version_policy: { latest: { num_versions: ").append(versionsKept).append(" } }\n");
    text.append("instance_group [ { kind: KIND_CPU, count: 1 } ]\n");
    text.append("dynamic_batching { }\n");
    return text.toString();
  }

  private static void appendTensors(StringBuilder text, String field, List<Tensor> tensors) {
    text.append(field).append(" [\n");
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      text.append("  { name: \"").append(t.name()).append("\", data_type: TYPE_");
      text.append(t.dataType()).append(", dims: ").append(t.dims()).append(" }");
      text.append(i + 1 < tensors.size() ? ",\n" : "\n");
    }
    text.append("]\n");
  }
}
