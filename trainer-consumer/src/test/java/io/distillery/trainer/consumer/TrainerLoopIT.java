package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.infra.kafka.EmbeddedKafkaExtension;
import io.distillery.infra.kafka.TopicProvisioner;
import io.distillery.infra.models.DemoModel;
import io.distillery.infra.models.ModelDefinitions;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
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
import java.util.Map;
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
    TaskTopics topics = TaskTopics.of("crash-drill", 2);
    TopicProvisioner.ensure(kafka.bootstrapServers(), topics);
    int n = 200;
    try (AcceptedRecordsFixture fixture =
        new AcceptedRecordsFixture(kafka.bootstrapServers(), "fixture-1")) {
      fixture.send(topics.accepted(), "img", 120, true);
      fixture.send(topics.accepted(), "aborted", 15, false);
      fixture.sendRaw(topics.accepted(), "garbage", new byte[] {1, 2, 3});
      fixture.send(topics.accepted(), "more", n - 120, true);
    }
    TrainerConfig config = config(topics.task());

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

  private TrainerConfig config(String task) {
    return new TrainerConfig(
        task,
        kafka.bootstrapServers(),
        Map.of(),
        16,
        Duration.ofMillis(300),
        3,
        0,
        64,
        0.25,
        11,
        dir.resolve("checkpoints"),
        List.of(dir),
        1 << 20);
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
