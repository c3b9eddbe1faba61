package io.distillery.kserve.tensor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's interface as the labeler needs it, read from the server at start.
 *
 * @param name the model name
 * @param version the version the server serves (the highest when several)
 * @param maxBatchSize 0 when the model does not batch (shapes are literal), else the most items per
 *     request; tensors then get a leading batch dimension
 * @param inputs the inputs in declared order
 * @param outputs the outputs in declared order
 * @param platform the config's platform, or its backend when it names none ({@code ensemble},
 *     {@code python}, {@code onnxruntime_onnx}...); empty when the server offers no config
 * @param decoupled whether the model answers on the streaming RPC only ({@code
 *     model_transaction_policy { decoupled: true }}), any number of responses per request
 * @param parameters the config's string parameters ({@code parameters { key: ... value: {
 *     string_value: ... } }}), e.g. a CTC model's {@value #CTC_VOCABULARY}; empty without a config
 */
public record ModelSignature(
    String name,
    String version,
    int maxBatchSize,
    List<TensorSpec> inputs,
    List<TensorSpec> outputs,
    String platform,
    boolean decoupled,
    Map<String, String> parameters) {

  /**
   * The config parameter that names a CTC model's tokens: the characters of token ids 1, 2, ... in
   * order, id 0 being the blank. A model that answers token ids instead of text declares it so that
   * a client can read its answers without knowing how it was trained.
   */
  public static final String CTC_VOCABULARY = "ctc_vocabulary";

  /** Validates at once. */
  public ModelSignature {
    if (maxBatchSize < 0) {
      throw new IllegalArgumentException("maxBatchSize must be >= 0, got " + maxBatchSize);
    }
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("Model " + name + " declares no inputs");
    }
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("Model " + name + " declares no outputs");
    }
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    platform = platform == null ? "" : platform;
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /** A signature with no platform known, answering on the unary RPC. */
  public ModelSignature(
      String name,
      String version,
      int maxBatchSize,
      List<TensorSpec> inputs,
      List<TensorSpec> outputs) {
    this(name, version, maxBatchSize, inputs, outputs, "", false, Map.of());
  }

  /** Whether requests carry a leading batch dimension. */
  public boolean batching() {
    return maxBatchSize > 0;
  }

  /** Most items one request may carry: the max batch size, or 1 without batching. */
  public int itemsPerRequest() {
    return Math.max(1, maxBatchSize);
  }

  /** The input named {@code name}. */
  public Optional<TensorSpec> input(String tensorName) {
    return inputs.stream().filter(t -> t.name().equals(tensorName)).findFirst();
  }

  /** The output named {@code name}. */
  public Optional<TensorSpec> output(String tensorName) {
    return outputs.stream().filter(t -> t.name().equals(tensorName)).findFirst();
  }
}
