package io.distillery.labeler.inference;

import io.distillery.kserve.client.InferResult;
import io.distillery.kserve.client.InferenceException;
import io.distillery.kserve.client.StatusMapping;
import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.client.TritonClient;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.kserve.tensor.TensorException;
import io.distillery.labeler.binding.Role;
import io.distillery.labeler.task.Batches;
import io.distillery.labeler.task.Probabilities;
import io.distillery.labeler.task.TaskAdapter;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.kserve.ModelInferRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one micro-batch to every bound model and gathers each item's outputs. A request the server
 * refuses as such (non-retriable) is split in halves until the failing item is alone, so one bad
 * record does not take its batch-mates to the DLQ. Retriable failures fail the returned future: the
 * caller resends the batch later. A {@link ModelRole#STUDENT} is advisory: when it fails or does
 * not answer, the item goes on without the student's output (the filter then lacks its scores),
 * never to the DLQ and never back for a resend.
 */
public final class BatchInference {

  private final TritonClient client;
  private final List<BoundModel> models;
  private final TaskAdapter adapter;
  // per model, from its binding: input positions that may be zero-padded, outputs to ask for
  private final List<Set<Integer>> padded;
  private final List<List<TensorMessages.OutputRequest>> requested;
  private final AtomicLong studentMisses;

  /** Inference over {@code models} through {@code client}, labels made by {@code adapter}. */
  public BatchInference(TritonClient client, List<BoundModel> models, TaskAdapter adapter) {
    this(client, models, adapter, new AtomicLong());
  }

  private BatchInference(
      TritonClient client, List<BoundModel> models, TaskAdapter adapter, AtomicLong misses) {
    this.studentMisses = misses;
    this.client = client;
    this.models = List.copyOf(models);
    this.adapter = adapter;
    this.padded = this.models.stream().map(BatchInference::padded).toList();
    this.requested = this.models.stream().map(BatchInference::outputs).toList();
  }

  /** Items that went on without the student's answer (it failed or sent garbage). */
  public long studentMisses() {
    return studentMisses.get();
  }

  /**
   * This inference with {@code model} added after the others (a student bound once it is served),
   * its count of student misses carried over.
   */
  public BatchInference with(BoundModel model) {
    List<BoundModel> all = new ArrayList<>(models);
    all.add(model);
    return new BatchInference(client, all, adapter, studentMisses);
  }

  /** The models, in binding order. */
  public List<BoundModel> models() {
    return models;
  }

  /** Each item's result, in item order. */
  public CompletableFuture<List<ItemResult>> run(List<Item> items) {
    List<CompletableFuture<List<Object>>> perModel = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      CompletableFuture<List<Object>> answers = runModel(m, items);
      if (models.get(m).role() == ModelRole.STUDENT) {
        answers =
            answers.exceptionally(
                e -> {
                  InferenceException mapped = StatusMapping.map(e, "student");
                  return fill(items.size(), ItemResult.failed(Failures.of(mapped), e.getMessage()));
                });
      }
      perModel.add(answers);
    }
    return CompletableFuture.allOf(perModel.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> combine(items.size(), perModel.stream().map(CompletableFuture::join).toList()));
  }

  /** Per item: a ModelOutput, or an ItemResult failure. */
  private CompletableFuture<List<Object>> runModel(int m, List<Item> items) {
    int chunkSize = models.get(m).binding().itemsPerRequest();
    List<CompletableFuture<List<Object>>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); from += chunkSize) {
      chunks.add(chunk(m, items.subList(from, Math.min(items.size(), from + chunkSize))));
    }
    return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              List<Object> all = new ArrayList<>();
              chunks.forEach(c -> all.addAll(c.join()));
              return all;
            });
  }

  private CompletableFuture<List<Object>> chunk(int m, List<Item> items) {
    BoundModel model = models.get(m);
    List<List<Tensor>> inputs = items.stream().map(i -> i.inputs().get(m)).toList();
    Set<Integer> pad = padded.get(m);
    if (model.signature().batching() && !Batches.stackable(inputs, pad) && items.size() > 1) {
      return split(m, items);
    }
    List<Tensor> request =
        model.signature().batching() ? Batches.stack(inputs, pad) : inputs.get(0);
    ModelInferRequest message =
        TensorMessages.request(
            model.signature().name(), "", items.get(0).id(), request, requested.get(m));
    return client
        .infer(message, model.signature().decoupled())
        .handle(
            (result, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(decode(model, items.size(), result));
              }
              InferenceException e = StatusMapping.map(failure, "server");
              if (e.retriable()) {
                return CompletableFuture.<List<Object>>failedFuture(e);
              }
              if (items.size() > 1) {
                return split(m, items);
              }
              return CompletableFuture.completedFuture(
                  List.<Object>of(ItemResult.failed(Failures.of(e), e.getMessage())));
            })
        .thenCompose(f -> f);
  }

  /** Positions of the inputs that may be zero-padded to share a request. */
  private static Set<Integer> padded(BoundModel model) {
    Set<Integer> out = new HashSet<>();
    int position = 0;
    for (String input : model.binding().inputs().keySet()) {
      if (model.binding().padded(input)) {
        out.add(position);
      }
      position++;
    }
    return Set.copyOf(out);
  }

  /** The bound outputs, with the class count where the classification extension is asked for. */
  private static List<TensorMessages.OutputRequest> outputs(BoundModel model) {
    List<TensorMessages.OutputRequest> out = new ArrayList<>();
    model
        .binding()
        .outputs()
        .forEach(
            (name, role) ->
                out.add(
                    new TensorMessages.OutputRequest(
                        name,
                        role.role() == Role.CLASSIFICATION
                            ? Math.toIntExact(
                                model.signature().output(name).orElseThrow().dims().elementCount())
                            : 0)));
    return List.copyOf(out);
  }

  private CompletableFuture<List<Object>> split(int m, List<Item> items) {
    int half = items.size() / 2;
    CompletableFuture<List<Object>> left = chunk(m, items.subList(0, half));
    CompletableFuture<List<Object>> right = chunk(m, items.subList(half, items.size()));
    return left.thenCombine(
        right,
        (a, b) -> {
          List<Object> all = new ArrayList<>(a);
          all.addAll(b);
          return all;
        });
  }

  private List<Object> decode(BoundModel model, int n, InferResult result) {
    List<Object> out = new ArrayList<>(n);
    Map<String, Tensor> outputs;
    try {
      outputs = TensorMessages.outputs(result.response());
    } catch (InferenceException e) {
      return fill(n, ItemResult.failed(Failures.of(e), e.getMessage()));
    }
    String version = result.response().getModelVersion();
    double latency = result.latency().toNanos() / 1e6;
    String server = result.server().toString();
    for (int i = 0; i < n; i++) {
      try {
        Map<String, Tensor> item = new HashMap<>();
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
          item.put(
              e.getKey(),
              model.signature().batching() ? Batches.slice(e.getValue(), n, i) : e.getValue());
        }
        ModelOutput o = adapter.output(item, model.binding(), version, model.role());
        o.setLatencyMillis(latency);
        o.setServer(server);
        out.add(o);
      } catch (TensorException e) {
        out.add(
            ItemResult.failed(
                Failures.of(e), "Model " + model.signature().name() + ": " + e.getMessage()));
      }
    }
    return out;
  }

  private static List<Object> fill(int n, ItemResult r) {
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r);
    }
    return out;
  }

  private List<ItemResult> combine(int n, List<List<Object>> perModel) {
    List<ItemResult> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<ModelOutput> outputs = new ArrayList<>();
      ItemResult failure = null;
      for (int m = 0; m < perModel.size(); m++) {
        Object o = perModel.get(m).get(i);
        if (o instanceof ItemResult r) {
          if (models.get(m).role() == ModelRole.STUDENT) {
            studentMisses.incrementAndGet();
          } else {
            failure = failure == null ? r : failure;
          }
        } else {
          outputs.add((ModelOutput) o);
        }
      }
      results.add(failure != null ? failure : withEnsemble(outputs));
    }
    return results;
  }

  private static ItemResult withEnsemble(List<ModelOutput> outputs) {
    List<ModelOutput> members =
        outputs.stream().filter(o -> o.getRole() == ModelRole.COMMITTEE).toList();
    if (members.size() < 2 || members.stream().anyMatch(o -> o.getProbabilities().isEmpty())) {
      return ItemResult.ok(outputs);
    }
    try {
      List<Float> mean =
          Probabilities.average(members.stream().map(ModelOutput::getProbabilities).toList());
      List<ModelOutput> all = new ArrayList<>(outputs);
      all.add(
          ModelOutput.newBuilder()
              .setModelName(
                  String.join("+", members.stream().map(ModelOutput::getModelName).toList()))
              .setModelVersion(
                  String.join("+", members.stream().map(ModelOutput::getModelVersion).toList()))
              .setRole(ModelRole.ENSEMBLE)
              .setProbabilities(mean)
              .setLatencyMillis(
                  members.stream().mapToDouble(ModelOutput::getLatencyMillis).max().orElse(0))
              .build());
      return ItemResult.ok(all);
    } catch (TensorException e) {
      return ItemResult.failed(Failures.of(e), e.getMessage());
    }
  }
}
