package io.distillery.trainer.repository;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a Triton {@code config.pbtxt} the trainer writes for a TorchScript model (platform
 * {@code pytorch_libtorch}), rendered in protobuf text format, plus the warm-up request a publisher
 * sends to a freshly loaded version.
 *
 * @param name the model name, equal to its folder name
 * @param maxBatchSize the largest batch; the batch dimension is implicit in the dims. 0: no
 *     batching, every request is run alone with its shapes taken literally (and no dynamic batcher)
 * @param inputs input tensors, in the order of the module's {@code forward} arguments
 * @param outputs output tensors, in the order of the module's {@code forward} results
 * @param versionsKept how many latest versions the server keeps loaded (2 makes rollback instant)
 * @param warmUp the inputs of one request every published version must answer
 * @param parameters backend parameters (Triton's {@code parameters} map), e.g. {@code
 *     DISABLE_OPTIMIZED_EXECUTION}
 */
public record ModelConfig(
    String name,
    int maxBatchSize,
    List<Tensor> inputs,
    List<Tensor> outputs,
    int versionsKept,
    List<WarmUpInput> warmUp,
    Map<String, String> parameters) {

  /**
   * Triton's PyTorch-backend switch that runs TorchScript without the profiling graph executor's
   * optimisations. libtorch 2.7's optimised graph of the speech student returns NaN after a few
   * dozen calls with changing shapes; unoptimised it does not.
   */
  public static final String DISABLE_OPTIMIZED_EXECUTION = "DISABLE_OPTIMIZED_EXECUTION";

  /** Copies the lists. */
  public ModelConfig {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    warmUp = List.copyOf(warmUp);
    parameters = Map.copyOf(new TreeMap<>(parameters));
  }

  /**
   * One tensor of the model's signature.
   *
   * @param name e.g. {@code INPUT__0}
   * @param dataType Triton's type without the prefix, e.g. {@code FP32}
   * @param dims dimensions without the batch dimension (-1: any size)
   */
  public record Tensor(String name, String dataType, List<Long> dims) {}

  /**
   * One input of the warm-up request, as it goes on the wire.
   *
   * @param name the input's name
   * @param dataType Triton's type without the prefix
   * @param shape the full shape, batch dimension included when the model batches
   * @param data little-endian row-major contents
   */
  public record WarmUpInput(String name, String dataType, List<Long> shape, byte[] data) {}

  /**
   * The agreed image-classifier signature: INPUT__0 FP32 [1,28,28] to OUTPUT__0 FP32 [10], batches
   * up to 64; warmed up with one black image.
   */
  public static ModelConfig imageClassifier(String name) {
    return new ModelConfig(
        name,
        64,
        List.of(new Tensor("INPUT__0", "FP32", List.of(1L, 28L, 28L))),
        List.of(new Tensor("OUTPUT__0", "FP32", List.of(10L))),
        2,
        List.of(
            new WarmUpInput(
                "INPUT__0", "FP32", List.of(1L, 1L, 28L, 28L), new byte[28 * 28 * Float.BYTES])),
        Map.of());
  }

  /**
   * The speech student's signature (see {@code infra/models/speech_student.py}): INPUT__0 FP32
   * {@code [B,T]} 16 kHz samples and INPUT__1 INT64 {@code [B]} valid lengths, to OUTPUT__0 INT64
   * {@code [B,U]} best-path token ids (padded with -1) and OUTPUT__1 FP32 {@code [B,T',V]}
   * log-probabilities. Utterances differ in length, so the model does not batch across requests
   * (max_batch_size 0): each request is one forward call with its own {@code [B,T]}. Warmed up with
   * one second of a quiet tone. Served without optimised execution ({@link
   * #DISABLE_OPTIMIZED_EXECUTION}).
   *
   * @param vocabularySize V, the number of CTC tokens including the blank
   */
  public static ModelConfig speechRecognizer(String name, int vocabularySize) {
    int samples = 16_000;
    ByteBuffer audio = ByteBuffer.allocate(samples * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      audio.putFloat((float) (0.1 * Math.sin(2 * Math.PI * 440 * i / samples)));
    }
    ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    length.putLong(samples);
    return new ModelConfig(
        name,
        0,
        List.of(
            new Tensor("INPUT__0", "FP32", List.of(-1L, -1L)),
            new Tensor("INPUT__1", "INT64", List.of(-1L))),
        List.of(
            new Tensor("OUTPUT__0", "INT64", List.of(-1L, -1L)),
            new Tensor("OUTPUT__1", "FP32", List.of(-1L, -1L, (long) vocabularySize))),
        2,
        List.of(
            new WarmUpInput("INPUT__0", "FP32", List.of(1L, (long) samples), audio.array()),
            new WarmUpInput("INPUT__1", "INT64", List.of(1L), length.array())),
        Map.of(DISABLE_OPTIMIZED_EXECUTION, "true"));
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
    // Sorted, so the file is the same for the same configuration.
    new TreeMap<>(parameters)
        .forEach(
            (key, value) ->
                text.append("parameters: { key: \"")
                    .append(key)
                    .append("\" value: { string_value: \"")
                    .append(value)
                    .append("\" } }\n"));
    // Triton refuses a dynamic batcher on a model that does not batch.
    if (maxBatchSize > 0) {
      text.append("dynamic_batching { }\n");
    }
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
