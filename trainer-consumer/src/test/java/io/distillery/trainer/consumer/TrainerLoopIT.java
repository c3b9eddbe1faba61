package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.kafka.TopicProvisioner;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainerLoopIT {

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  private static ExecutorService executor;
  private static Path student;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    LibtorchThreads.configure(1);
    executor = Executors.newSingleThreadExecutor();
    student = ModelDefinitions.inCache(Path.of("target", "models")).ensure(DemoModel.IMAGE_STUDENT);
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
  }

  @Test
  void shouldTrainEveryCommittedSampleExactlyOnceAcrossACrash() throws Exception {
    TaskTopics topics = TaskTopics.of("crash-drill");
    TopicProvisioner.ensure(kafka.bootstrapServers(), topics, TopicLayout.partitions(2));
    int n = 200;
    try (AcceptedRecordsFixture fixture =
        new AcceptedRecordsFixture(kafka.bootstrapServers(), "fixture-1")) {
      fixture.send(topics.accepted(), "img", 120, true);
      fixture.send(topics.accepted(), "aborted", 15, false);
      fixture.sendRaw(topics.accepted(), "garbage", new byte[] {1, 2, 3});
      fixture.send(topics.accepted(), "more", n - 120, true);
    }
    TrainerConfig config = config(topics.task()).build();

    CrashDrill.Outcome drill =
        CrashDrill.run(executor, config, () -> loop(config), 7, n, Duration.ofMinutes(2));
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
    TaskTopics topics = TaskTopics.of("idle-replay");
    TopicProvisioner.ensure(kafka.bootstrapServers(), topics, TopicLayout.partitions(2));
    TrainerConfig config = config(topics.task()).idleReplayEpochs(2).build();
    TrainerLoop<?> loop = loop(config);
    java.util.List<Long> trainedAtStep = new java.util.concurrent.CopyOnWriteArrayList<>();
    loop.onStep((step, trained) -> trainedAtStep.add(trained));
    java.util.concurrent.Future<Checkpoint> running = executor.submit(loop::run);
    CheckpointStore store = new CheckpointStore(config.checkpointDir());
    try (AcceptedRecordsFixture fixture =
        new AcceptedRecordsFixture(kafka.bootstrapServers(), "fixture-idle")) {
      fixture.send(topics.accepted(), "first", 48, true);
      Checkpoint afterFirst = settledAt(loop, store, running, 48);
      // Once the 48 were trained, the loop went on with replay alone: at least twice what it was
      // offered, drawn from the reservoir, in steps that trained no fresh sample.
      assertThat(afterFirst.samplesReplayed()).isGreaterThanOrEqualTo(2 * 48);
      assertThat(afterFirst.step()).isGreaterThanOrEqualTo(3 + 6);
      assertThat(replayOnlySteps(trainedAtStep)).isGreaterThanOrEqualTo(6);

      fixture.send(topics.accepted(), "second", 32, true);
      Checkpoint afterSecond = settledAt(loop, store, running, 80);
      assertThat(afterSecond.samplesReplayed()).isGreaterThanOrEqualTo(2 * 80);
    }
    loop.requestStop();
    Checkpoint last = running.get(2, TimeUnit.MINUTES);
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
    TaskTopics topics = TaskTopics.of("no-idle-replay");
    TopicProvisioner.ensure(kafka.bootstrapServers(), topics, TopicLayout.partitions(2));
    TrainerConfig config = config(topics.task()).build();
    TrainerLoop<?> loop = loop(config);
    java.util.List<Long> trainedAtStep = new java.util.concurrent.CopyOnWriteArrayList<>();
    loop.onStep((step, trained) -> trainedAtStep.add(trained));
    java.util.concurrent.Future<Checkpoint> running = executor.submit(loop::run);
    CheckpointStore store = new CheckpointStore(config.checkpointDir());
    try (AcceptedRecordsFixture fixture =
        new AcceptedRecordsFixture(kafka.bootstrapServers(), "fixture-no-idle")) {
      fixture.send(topics.accepted(), "only", 48, true);
      Checkpoint settled = settledAt(loop, store, running, 48);
      // Replay only rides along fresh batches: a quarter of each batch after the first.
      assertThat(settled.samplesReplayed()).isLessThan(48);
      assertThat(replayOnlySteps(trainedAtStep)).isZero();
    }
    loop.requestStop();
    running.get(2, TimeUnit.MINUTES);
  }

  /** Steps that trained no fresh sample (the count of samples trained did not move). */
  private static long replayOnlySteps(java.util.List<Long> trainedAtStep) {
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

  /** Waits until the loop has trained {@code samples} and settled; its newest checkpoint. */
  private static Checkpoint settledAt(
      TrainerLoop<?> loop,
      CheckpointStore store,
      java.util.concurrent.Future<Checkpoint> running,
      long samples)
      throws Exception {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                running.isDone()
                    || (loop.settled()
                        && store.latest().map(c -> c.samplesTrained() == samples).orElse(false)));
    assertThat(running).isNotDone();
    return store.latest().orElseThrow();
  }

  private TrainerConfig.Builder config(String task) {
    return TrainerConfig.builder(task, kafka.bootstrapServers(), dir.resolve("checkpoints"))
        .batch(16, Duration.ofMillis(300))
        .every(3, 0)
        .replay(64, 0.25, 11)
        .claimChecks(List.of(dir), 1 << 20);
  }

  private static TrainerLoop<?> loop(TrainerConfig config) {
    LabelledImages none = new LabelledImages(new float[0], new int[0], 28, 28);
    ImageDistillation objective =
        new ImageDistillation(
            ImageSamples.fashionMnist(), DistillationLoss.distilWhisperDefaults(), none);
    return new TrainerLoop<>(
        config,
        objective,
        student,
        () ->
            new CheckpointableOptimizer(
                CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(1e-3f), 0),
        null,
        new SimpleMeterRegistry());
  }

  private static List<DeadLetter> deadLetters(TaskTopics topics) {
    return TopicValues.read(kafka.bootstrapServers(), topics.dlq()).stream()
        .map(bytes -> Serdes.deadLetter().decode(bytes))
        .toList();
  }
}
