package io.distillery.modelserver.repository;

import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.modelserver.ServingException.Reason;
import io.distillery.modelserver.backend.ModelBackend;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelEnsembling;
import io.distillery.schemas.kserve.config.ModelInput;
import io.distillery.schemas.kserve.config.ModelOutput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An ensemble ({@code platform: "ensemble"}): each request flows through the {@code
 * ensemble_scheduling} steps, each step a request to another loaded model (so the step models batch
 * the requests of the ensemble's batch with their own), tensors passed by the names of the
 * ensemble's input and output maps. All requests of a batch run at once.
 */
final class EnsembleBackend implements ModelBackend {

  private final ModelConfig config;
  private final ModelManager models;

  EnsembleBackend(ModelConfig config, ModelManager models) {
    if (config.getEnsembleScheduling().getStepCount() == 0) {
      throw new IllegalArgumentException(
          "must specify 'step' for ensemble '" + config.getName() + "'");
    }
    this.config = config;
    this.models = models;
  }

  @Override
  public List<List<Tensor>> execute(List<List<Tensor>> requests) {
    List<CompletableFuture<List<Tensor>>> running = new ArrayList<>();
    for (List<Tensor> request : requests) {
      running.add(run(request));
    }
    List<List<Tensor>> out = new ArrayList<>();
    for (CompletableFuture<List<Tensor>> r : running) {
      try {
        out.add(r.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }
    return out;
  }

  private CompletableFuture<List<Tensor>> run(List<Tensor> request) {
    Map<String, Tensor> pool = new HashMap<>();
    for (int i = 0; i < config.getInputCount(); i++) {
      pool.put(config.getInput(i).getName(), request.get(i));
    }
    CompletableFuture<Map<String, Tensor>> flow = CompletableFuture.completedFuture(pool);
    for (ModelEnsembling.Step step : config.getEnsembleScheduling().getStepList()) {
      flow = flow.thenCompose(tensors -> step(step, tensors));
    }
    return flow.thenApply(
        tensors -> {
          List<Tensor> outputs = new ArrayList<>();
          for (ModelOutput o : config.getOutputList()) {
            Tensor t = tensors.get(o.getName());
            if (t == null) {
              throw new ServingException(
                  Reason.INTERNAL, "ensemble " + config.getName() + " produced no " + o.getName());
            }
            outputs.add(t);
          }
          return outputs;
        });
  }

  private CompletableFuture<Map<String, Tensor>> step(
      ModelEnsembling.Step step, Map<String, Tensor> tensors) {
    String name = step.getModelName();
    String version = step.getModelVersion() > 0 ? Long.toString(step.getModelVersion()) : "";
    ServedVersion served = models.resolve(name, version);
    ModelConfig stepConfig = models.loaded(name).orElseThrow().config();
    List<Tensor> inputs = new ArrayList<>();
    int rows = 1;
    for (ModelInput input : stepConfig.getInputList()) {
      String source = step.getInputMapMap().get(input.getName());
      Tensor t = source == null ? null : tensors.get(source);
      if (t == null) {
        throw new ServingException(
            Reason.INTERNAL,
            "ensemble "
                + config.getName()
                + " step "
                + name
                + " has no tensor for "
                + input.getName());
      }
      inputs.add(new Tensor(input.getName(), t.type(), t.shape(), t.raw()));
      rows = stepConfig.getMaxBatchSize() > 0 ? t.batchSize() : 1;
    }
    return served
        .batcher()
        .submit(inputs, rows)
        .thenApply(
            outputs -> {
              Map<String, Tensor> next = new HashMap<>(tensors);
              for (Tensor t : outputs) {
                String target = step.getOutputMapMap().get(t.name());
                if (target != null) {
                  next.put(target, new Tensor(target, t.type(), t.shape(), t.raw()));
                }
              }
              return next;
            });
  }

  @Override
  public void close() {}
}
