package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The crash-and-resume drill of the trainer ITs: a first trainer is halted (no final checkpoint, as
 * a crash) when it reaches a step, a second one on the same checkpoint folder runs until it has
 * trained a number of samples and is stopped.
 */
final class CrashDrill {

  /**
   * What the drill left behind.
   *
   * @param afterCrash the newest checkpoint once the first trainer died
   * @param last the second trainer's final checkpoint
   */
  record Outcome(Checkpoint afterCrash, Checkpoint last) {}

  private CrashDrill() {}

  static Outcome run(
      ExecutorService executor,
      TrainerConfig config,
      Supplier<TrainerLoop<?>> trainers,
      long haltAtStep,
      long samples,
      Duration patience)
      throws Exception {
    TrainerLoop<?> first = trainers.get();
    first.onStep(
        (step, trained) -> {
          if (step == haltAtStep) {
            first.halt();
          }
        });
    Future<Checkpoint> crashed = executor.submit(first::run);
    assertThat(causeOf(crashed, patience)).isInstanceOf(TrainerHaltedException.class);
    CheckpointStore store = new CheckpointStore(config.checkpointDir());
    Checkpoint afterCrash = store.latest().orElseThrow();

    TrainerLoop<?> second = trainers.get();
    Future<Checkpoint> resumed = executor.submit(second::run);
    await()
        .atMost(patience)
        .until(
            () ->
                resumed.isDone()
                    || store.latest().map(c -> c.samplesTrained() >= samples).orElse(false));
    second.requestStop();
    return new Outcome(afterCrash, resumed.get(patience.toMillis(), TimeUnit.MILLISECONDS));
  }

  private static Throwable causeOf(Future<?> future, Duration patience)
      throws InterruptedException {
    try {
      future.get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("The trainer did not stop", e);
    }
  }
}
