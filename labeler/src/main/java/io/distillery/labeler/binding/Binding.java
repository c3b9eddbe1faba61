package io.distillery.labeler.binding;

import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.schemas.topics.TaskKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A model's tensors bound to roles: what the labeler sends on each input, and reads from each
 * output. Inputs without a role are optional ones the labeler leaves out; outputs without a role
 * are not requested.
 *
 * @param signature the model's interface
 * @param kind the task
 * @param inputs input name to role, in the model's order
 * @param outputs output name to role, in the model's order
 * @param layout where the pixels go, for an image model with a {@link Role#PIXELS} input
 * @param scaling how pixel values are normalised, for a floating-point {@link Role#PIXELS} input
 */
public record Binding(
    ModelSignature signature,
    TaskKind kind,
    Map<String, TensorRole> inputs,
    Map<String, TensorRole> outputs,
    Optional<ImageLayout> layout,
    Optional<PixelScaling> scaling) {

  /** Copies the maps, keeping their order. */
  public Binding {
    inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }

  /** The model name. */
  public String model() {
    return signature.name();
  }

  /** Whether requests carry a leading batch dimension. */
  public boolean batching() {
    return signature.batching();
  }

  /**
   * Most items one request may carry: the max batch size; 1 when the model does not batch, answers
   * on the stream (decoupled), or batches its ragged input itself.
   */
  public int itemsPerRequest() {
    boolean ragged =
        signature.inputs().stream().anyMatch(t -> t.ragged() && inputs.containsKey(t.name()));
    return ragged || signature.decoupled() ? 1 : signature.itemsPerRequest();
  }

  /** The tensor of the first input bound to {@code role}. */
  public Optional<TensorSpec> input(Role role) {
    return signature.inputs().stream()
        .filter(t -> inputs.containsKey(t.name()) && inputs.get(t.name()).role() == role)
        .findFirst();
  }

  /** The tensor of the first output bound to {@code role}. */
  public Optional<TensorSpec> output(Role role) {
    return signature.outputs().stream()
        .filter(t -> outputs.containsKey(t.name()) && outputs.get(t.name()).role() == role)
        .findFirst();
  }

  /**
   * Whether items of different lengths may share a request padded with zeros: the samples input of
   * a model that also takes the sample count, so it knows where each item ends.
   */
  public boolean padded(String input) {
    return input(Role.SAMPLE_COUNT).isPresent()
        && input(Role.SAMPLES).map(t -> t.name().equals(input)).orElse(false);
  }

  /**
   * The binding as {@code models inspect --json} prints it: model, kind, inputs and outputs by role
   * name, max_batch_size and decoupled (plus layout and scaling for pixels).
   */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model());
    out.put("kind", kind == TaskKind.SPEECH ? "speech" : "image");
    Map<String, String> in = new LinkedHashMap<>();
    inputs.forEach((name, role) -> in.put(name, role.toString()));
    Map<String, String> o = new LinkedHashMap<>();
    outputs.forEach((name, role) -> o.put(name, role.toString()));
    out.put("inputs", in);
    out.put("outputs", o);
    out.put("max_batch_size", signature.maxBatchSize());
    out.put("decoupled", signature.decoupled());
    layout.ifPresent(l -> out.put("layout", l.toString()));
    scaling.ifPresent(s -> out.put("scaling", s.toString()));
    return out;
  }

  @Override
  public String toString() {
    return model() + " " + describe();
  }
}
