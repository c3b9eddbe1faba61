package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distillery.models.DemoModel;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainerLoopIT {

  @RegisterExtension static TrainerRig rig = new TrainerRig(DemoModel.IMAGE_STUDENT);

  @TempDir Path dir;

  @Test
  void shouldTrainEveryCommittedSampleExactlyOnceAcrossACrash() throws Exception {
    TaskTopics topics = rig.createTopics("crash-drill", 2);
    int n = 200;
    try (AcceptedRecordsFixture fixture = fixture("fixture-1")) {
      fixture.send(topics.accepted(), "img", 120, true);
      fixture.send(topics.accepted(), "aborted", 15, false);
      fixture.sendRaw(topics.accepted(), "garbage", new byte[] {1, 2, 3});
      fixture.send(topics.accepted(), "more", n - 120, true);
    }
    TrainerConfig config = config(topics.task()).build();

    CrashDrill.Outcome drill =
        CrashDrill.run(rig.executor(), config, () -> loop(config), 7, n, Duration.ofMinutes(2));
    assertThat(drill.afterCrash().step()).isEqualTo(6);
    assertThat(drill.afterCrash().samplesTrained()).isEqualTo(6 * 16);
    Checkpoint last = drill.last();

    long expectedDigest =
        IntStream.range(0, n)
            .mapToObj(i -> i < 120 ? "img-" + i : "more-" + (i - 120))
            .mapToLong(Checkpoint::idHash)
            .sum();
    assertThat(last.samplesTrained()).isEqualTo(n);
    assertThat(last.idDigest()).isEqualTo(expectedDigest);
    assertThat(last.samplesDeadLettered()).isEqualTo(1);
    assertThat(last.samplesReplayed()).isPositive();
    assertThat(deadLetters(topics))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getStage()).isEqualTo("trainer");
              assertThat(letter.getErrorType()).isEqualTo("undecodable-record");
            });
  }

  @Test
  void shouldKeepTrainingOnReplayWhileIdleAndStillTrainEachFreshSampleOnce() throws Exception {
    TaskTopics topics = rig.createTopics("idle-replay", 2);
    Running running = new Running(config(topics.task()).idleReplayEpochs(2).build());
    try (AcceptedRecordsFixture fixture = fixture("fixture-idle")) {
      fixture.send(topics.accepted(), "first", 48, true);
      Checkpoint afterFirst = running.settledAt(48);
      // Once the 48 were trained, the loop went on with replay alone: at least twice what it was
      // offered, drawn from the reservoir, in steps that trained no fresh sample.
      assertThat(afterFirst.samplesReplayed()).isGreaterThanOrEqualTo(2 * 48);
      assertThat(afterFirst.step()).isGreaterThanOrEqualTo(3 + 6);
      assertThat(running.replayOnlySteps()).isGreaterThanOrEqualTo(6);

      fixture.send(topics.accepted(), "second", 32, true);
      Checkpoint afterSecond = running.settledAt(80);
      assertThat(afterSecond.samplesReplayed()).isGreaterThanOrEqualTo(2 * 80);
    }
    Checkpoint last = running.stop();
    long expectedDigest =
        java.util.stream.Stream.concat(
                IntStream.range(0, 48).mapToObj(i -> "first-" + i),
                IntStream.range(0, 32).mapToObj(i -> "second-" + i))
            .mapToLong(Checkpoint::idHash)
            .sum();
    assertThat(last.samplesTrained()).isEqualTo(80);
    assertThat(last.idDigest()).isEqualTo(expectedDigest);
  }

  @Test
  void shouldSettleWithoutReplayOnlyStepsWhenIdleReplayIsOff() throws Exception {
    TaskTopics topics = rig.createTopics("no-idle-replay", 2);
    Running running = new Running(config(topics.task()).build());
    try (AcceptedRecordsFixture fixture = fixture("fixture-no-idle")) {
      fixture.send(topics.accepted(), "only", 48, true);
      Checkpoint settled = running.settledAt(48);
      // Replay only rides along fresh batches: a quarter of each batch after the first.
      assertThat(settled.samplesReplayed()).isLessThan(48);
      assertThat(running.replayOnlySteps()).isZero();
    }
    running.stop();
  }

  @Test
  void shouldTrainAPartialBatchWhenItsLingerRunsOutEvenWhileRecordsKeepTrickling()
      throws Exception {
    TaskTopics topics = rig.createTopics("trickle", 1);
    // batches of 16 waiting at most 300 ms; a record every 50 ms never leaves a 200 ms poll empty
    Running running = new Running(config(topics.task()).build());
    running.awaitReady();
    int sent = 0;
    try (AcceptedRecordsFixture fixture = fixture("fixture-trickle")) {
      while (running.trainedAtStep.isEmpty() && sent < 64) {
        fixture.send(topics.accepted(), "drop" + sent, 1, true);
        sent++;
        Thread.sleep(50);
      }
    }
    assertThat(running.trainedAtStep).isNotEmpty();
    // cut by the linger, not held until 16 had come
    assertThat(running.trainedAtStep.get(0)).isBetween(1L, 15L);
    // the records sent while that step ran are trained by later lingers, none lost
    assertThat(running.settledAt(sent).samplesTrained()).isEqualTo(sent);
    running.stop();
  }

  /** A loop running on the rig's thread, and the count of samples trained after each step. */
  private static final class Running {
    private final TrainerLoop<?> loop;
    private final List<Long> trainedAtStep = new CopyOnWriteArrayList<>();
    private final Future<Checkpoint> run;
    private final CheckpointStore store;

    Running(TrainerConfig config) {
      loop = loop(config);
      loop.onStep((step, trained) -> trainedAtStep.add(trained));
      run = rig.executor().submit(loop::run);
      store = new CheckpointStore(config.checkpointDir());
    }

    /** Waits until the loop polls its stream with nothing to do. */
    void awaitReady() {
      await().atMost(Duration.ofMinutes(1)).until(() -> run.isDone() || loop.settled());
      assertThat(run).isNotDone();
    }

    /** Waits until the loop has trained {@code samples} and settled; its newest checkpoint. */
    Checkpoint settledAt(long samples) throws Exception {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(
              () ->
                  run.isDone()
                      || (loop.settled()
                          && store.latest().map(c -> c.samplesTrained() == samples).orElse(false)));
      assertThat(run).isNotDone();
      return store.latest().orElseThrow();
    }

    /** Steps that trained no fresh sample (the count of samples trained did not move). */
    long replayOnlySteps() {
      long count = 0;
      long before = 0;
      for (long trained : trainedAtStep) {
        if (trained == before) {
          count++;
        }
        before = trained;
      }
      return count;
    }

    /** Stops the loop; its last checkpoint. */
    Checkpoint stop() throws Exception {
      loop.requestStop();
      return run.get(2, TimeUnit.MINUTES);
    }
  }

  private AcceptedRecordsFixture fixture(String transactionalId) {
    return new AcceptedRecordsFixture(rig.bootstrapServers(), transactionalId);
  }

  private TrainerConfig.Builder config(String task) {
    return rig.config(task, dir).batch(16, Duration.ofMillis(300)).every(3, 0).replay(64, 0.25, 11);
  }

  private static TrainerLoop<?> loop(TrainerConfig config) {
    LabelledImages none = new LabelledImages(new float[0], new int[0], 28, 28);
    ImageDistillation objective =
        new ImageDistillation(
            ImageSamples.fashionMnist(), DistillationLoss.distilWhisperDefaults(), none);
    return new TrainerLoop<>(
        config,
        objective,
        rig.student(),
        () ->
            new CheckpointableOptimizer(
                CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(1e-3f), 0),
        null,
        new SimpleMeterRegistry());
  }

  private static List<DeadLetter> deadLetters(TaskTopics topics) {
    return TopicValues.read(rig.bootstrapServers(), topics.dlq()).stream()
        .map(bytes -> Serdes.deadLetter().decode(bytes))
        .toList();
  }
}
