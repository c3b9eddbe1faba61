package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.models.DemoModel;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.distillery.trainer.checkpoint.CheckpointStore;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.engine.Students;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a trainer IT runs on, per test class: an embedded broker, libtorch on one thread, the
 * definition of a demo student, and a thread to run trainer loops on. Register it as a static field
 * with {@code @RegisterExtension}.
 */
final class TrainerRig implements BeforeAllCallback, AfterAllCallback {

  private final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();
  private final DemoModel model;
  private Path student;
  private ExecutorService executor;

  TrainerRig(DemoModel model) {
    this.model = model;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    kafka.beforeAll(context);
    LibtorchThreads.configure(1);
    executor = Executors.newSingleThreadExecutor();
    student = Students.definition(model);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (executor != null) {
      executor.shutdownNow();
    }
    kafka.afterAll(context);
  }

  /** The broker's bootstrap servers. */
  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Creates the topics of {@code task} with {@code partitions} partitions each; its topics. */
  TaskTopics createTopics(String task, int partitions) {
    return kafka.createTopics(task, partitions);
  }

  /** The student's TorchScript definition. */
  Path student() {
    return student;
  }

  /** The thread to run trainer loops on. */
  ExecutorService executor() {
    return executor;
  }

  /** A trainer of {@code task} that checkpoints under {@code dir} and reads claim checks there. */
  TrainerConfig.Builder config(String task, Path dir) {
    return TrainerConfig.builder(task, kafka.bootstrapServers(), dir.resolve("checkpoints"))
        .claimChecks(List.of(dir), 1 << 20);
  }

  /** Writes {@code n} accepted image records {@code img-0 .. img-(n-1)} to {@code topics}. */
  void sendImages(TaskTopics topics, int n) {
    try (AcceptedRecordsFixture fixture =
        new AcceptedRecordsFixture(bootstrapServers(), "fixture-" + topics.task())) {
      fixture.send(topics.accepted(), "img", n, true);
    }
  }

  /**
   * Runs {@code loop} on the rig's thread until it trained {@code samples}; its last checkpoint.
   */
  io.distillery.trainer.checkpoint.Checkpoint trainUntil(TrainerLoop<?> loop, long samples)
      throws Exception {
    loop.onStep(
        (step, trained) -> {
          if (trained >= samples) {
            loop.requestStop();
          }
        });
    return executor.submit(loop::run).get(4, java.util.concurrent.TimeUnit.MINUTES);
  }

  /**
   * The model of checkpoint {@code last} in the checkpoint folder under {@code dir}, loaded for
   * inference, after checking it kept the architecture of {@code parameters} parameters.
   */
  static TorchScriptModule trainedModel(
      Path dir, io.distillery.trainer.checkpoint.Checkpoint last, long parameters)
      throws IOException {
    TorchScriptModule trained =
        TorchScriptModule.loadForInference(
            new CheckpointStore(dir.resolve("checkpoints")).resolve(last.modelFile()));
    assertThat(trained.parameterCount()).as("the user's architecture, kept").isEqualTo(parameters);
    return trained;
  }

  /**
   * A loop training the user's {@code student} on {@code objective} with Adam at a constant 3e-3,
   * publishing nothing: the own-student tests' trainer.
   */
  static <S> TrainerLoop<S> ownStudentLoop(
      TrainerConfig config, Objective<S> objective, Path student) {
    return new TrainerLoop<>(
        config,
        objective,
        student,
        () ->
            new CheckpointableOptimizer(
                CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(3e-3f), 0),
        null,
        new SimpleMeterRegistry());
  }
}
