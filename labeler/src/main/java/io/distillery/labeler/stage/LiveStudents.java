package io.distillery.labeler.stage;

import io.distillery.kserve.client.InferenceException;
import io.distillery.kserve.client.TritonClient;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.binding.BindingException;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.labeler.inference.BatchInference;
import io.distillery.labeler.inference.BoundModel;
import io.distillery.schemas.avro.ModelRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The students a labeler asks beside its teachers, so the filter can score each label by the live
 * student's answer (KD3). A student has no version before the trainer publishes its first, so it is
 * not waited for: until a server serves it, records are labeled without its answer, and it is
 * looked for again every {@link LabelerConfig#studentCheck()}. Once bound, its requests name no
 * version, so a server answers with the newest student it has loaded: each version the trainer
 * publishes is asked as soon as it is served, and every answer records the version that gave it.
 */
final class LiveStudents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStudents.class);

  private final TritonClient client;
  private final LabelerConfig config;
  private final AtomicReference<BatchInference> inference;
  private final List<ModelBinding> waiting;
  private final ScheduledExecutorService checks;

  /**
   * @param inference the labeler's inference: a student is added to it once bound
   */
  LiveStudents(
      TritonClient client, LabelerConfig config, AtomicReference<BatchInference> inference) {
    this.client = client;
    this.config = config;
    this.inference = inference;
    this.waiting =
        new ArrayList<>(
            config.models().stream().filter(b -> b.role() == ModelRole.STUDENT).toList());
    this.checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "labeler-" + config.instanceId() + "-students");
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether {@code binding} is a student, bound here rather than awaited at start. */
  static boolean isStudent(ModelBinding binding) {
    return binding.role() == ModelRole.STUDENT;
  }

  /**
   * Binds each student served now and looks for the others every check interval.
   *
   * @throws BindingException when a served student's tensors cannot be bound (a wrong model)
   */
  void start() {
    bindServed(true);
    long every = config.studentCheck().toMillis();
    synchronized (this) {
      if (!waiting.isEmpty()) {
        checks.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void check() {
    try {
      bindServed(false);
    } catch (BindingException e) {
      LOG.error("Student cannot be bound, so records go on without its answer: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("Looking for the student failed, trying again: {}", e.toString());
    }
  }

  private synchronized void bindServed(boolean first) {
    for (Iterator<ModelBinding> it = waiting.iterator(); it.hasNext(); ) {
      ModelBinding b = it.next();
      ModelSignature signature;
      try {
        signature = client.signature(b.model(), config.batch().maxBatchSize(), Duration.ZERO);
      } catch (InferenceException e) {
        if (first) {
          LOG.info(
              "Student {} is not served yet ({}): records are labeled without its answer until it"
                  + " is, looking again every {} ms",
              b.model(),
              e.getMessage(),
              config.studentCheck().toMillis());
        }
        continue;
      }
      it.remove();
      BoundModel model =
          new BoundModel(
              ModelRole.STUDENT, Binder.bind(signature, config.kind(), config.bindings()));
      inference.updateAndGet(i -> i.with(model));
      LOG.info(
          "Student {} (version {} now) bound, {}: labels carry its answers from now on",
          b.model(),
          signature.version(),
          model.binding().describe());
    }
    if (waiting.isEmpty()) {
      checks.shutdown();
    }
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
