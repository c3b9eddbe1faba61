package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import io.distillery.kafka.CommittedReader;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.models.DemoModel;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.data.ImageSample;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.HealthProblem;
import io.distillery.trainer.engine.ImageClassifier;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.Metric;
import io.distillery.trainer.engine.Objective;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.StudentPublisher;
import io.distillery.trainer.publish.StudentSignature;
import io.distillery.trainer.publish.StudentVersions;
import io.distillery.trainer.publish.VersionInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Student health with real libtorch training from a real broker: a NaN loss, a weight turned NaN
 * and a student collapsed to one class are each caught at the step they appear, nothing broken is
 * checkpointed or published, every accepted sample is still trained exactly once relative to the
 * model kept, and a student that keeps breaking stops the trainer.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StudentHealthIT {

  private static final int RECORDS = 320;

  @RegisterExtension static TrainerRig rig = new TrainerRig(DemoModel.IMAGE_STUDENT);

  @TempDir Path dir;

  @Test
  void shouldSkipTheUpdateOfANonFiniteLossAndTrainEverySampleOnce() throws Exception {
    Harness h = new Harness("health-nan-loss", Sabotage.NAN_INPUTS, 4, true);

    Checkpoint last = h.trainAll();

    assertThat(h.events(HealthProblem.NON_FINITE_LOSS)).isEqualTo(1);
    assertThat(h.events(HealthProblem.NON_FINITE_WEIGHTS)).isZero();
    assertThat(h.rejected()).as("a skipped update restores nothing").isEmpty();
    h.assertEverySampleTrainedOnce(last);
    h.assertEveryPublishedVersionHealthy();
  }

  @Test
  void shouldRestoreTheLastCheckpointWhenAWeightTurnsNaNAndNeverPublishIt() throws Exception {
    Harness h = new Harness("health-nan-weight", Sabotage.NAN_WEIGHT, 5, true);

    Checkpoint last = h.trainAll();

    assertThat(h.restoredOnce(HealthProblem.NON_FINITE_WEIGHTS, last).getStep()).isEqualTo(5);
    h.assertEveryPublishedVersionHealthy();
  }

  @Test
  void shouldRestoreTheLastCheckpointWhenTheStudentCollapsesToOneClass() throws Exception {
    Harness h = new Harness("health-collapse", Sabotage.ZERO_WEIGHTS, 12, true);

    Checkpoint last = h.trainAll();

    h.restoredOnce(HealthProblem.COLLAPSED_OUTPUTS, last);
    h.assertEveryPublishedVersionHealthy(12);
  }

  @Test
  void shouldStopWhenTheStudentBreaksAgainAfterEachRestore() throws Exception {
    Harness h = new Harness("health-give-up", Sabotage.NAN_WEIGHT, 5, false);

    assertThatThrownBy(h::trainAll)
        .hasRootCauseInstanceOf(StudentUnhealthyException.class)
        .rootCause()
        .hasMessageContaining("non-finite-weights")
        .hasMessageContaining(TrainerLoop.MAX_RESTORES_IN_A_ROW + " times in a row");
    assertThat(h.rejected()).hasSize(TrainerLoop.MAX_RESTORES_IN_A_ROW);
    h.assertEveryPublishedVersionHealthy();
  }

  /** What the sabotaged objective does to its step. */
  private enum Sabotage {
    /** Every pixel of the batch is NaN, so the loss is. */
    NAN_INPUTS,
    /** After the step, one weight is NaN. */
    NAN_WEIGHT,
    /** After the step, every weight is zero: the same logits, one class, for every image. */
    ZERO_WEIGHTS
  }

  /** One trainer of its own task, publishing into its own repository, and what it announced. */
  private final class Harness {
    private final TaskTopics topics;
    private final LabelledImages heldOut = AcceptedRecordsFixture.heldOut(64, 5);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StudentVersions versions;
    private final TrainerLoop<ImageSample> loop;

    Harness(String task, Sabotage sabotage, int atStep, boolean once) throws Exception {
      topics = rig.createTopics(task, 1);
      rig.sendImages(topics, RECORDS);
      versions =
          new StudentVersions(
              new ModelRepository(dir.resolve("repository")),
              StudentSignature.imageClassifier(task + "-student"),
              task);
      StudentVersionAnnouncer announcer =
          new StudentVersionAnnouncer(rig.bootstrapServers(), Map.of());
      StudentPublisher publisher = new StudentPublisher(versions, 1.0, List.of(), announcer);
      TrainerConfig config =
          rig.config(task, dir)
              .batch(16, Duration.ofMillis(300))
              .every(3, 2)
              .replay(64, 0.25, 11)
              .collapseCheckFromStep(6)
              .build();
      ImageDistillation healthy =
          new ImageDistillation(
              ImageSamples.fashionMnist(), DistillationLoss.distilWhisperDefaults(), heldOut);
      loop =
          new TrainerLoop<>(
              config,
              new Sabotaged(healthy, sabotage, atStep, once),
              rig.student(),
              () ->
                  new CheckpointableOptimizer(
                      CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(3e-3f), 0),
              publisher,
              registry);
    }

    /** Runs the loop until it trained every record, then stops it; its last checkpoint. */
    Checkpoint trainAll() throws Exception {
      return rig.trainUntil(loop, RECORDS);
    }

    double events(HealthProblem problem) {
      return registry
          .get("distillery.trainer.health.events")
          .tag("problem", problem.code())
          .counter()
          .count();
    }

    /** The REJECTED records on the versions topic, all under the key {@code <task>/rejected}. */
    List<StudentVersion> rejected() {
      List<ConsumerRecord<byte[], byte[]>> records =
          CommittedReader.readAll(
              rig.bootstrapServers(), Map.of(), List.of(topics.studentVersions()));
      return records.stream()
          .filter(r -> new String(r.key(), StandardCharsets.UTF_8).endsWith("/rejected"))
          .map(r -> Serdes.studentVersion().decode(r.value()))
          .peek(v -> assertThat(v.getStatus().name()).isEqualTo(StudentVersions.REJECTED))
          .toList();
    }

    /**
     * Checks that {@code problem} made the trainer restore once, announced without an artifact, and
     * that every sample was still trained once; the announcement.
     */
    StudentVersion restoredOnce(HealthProblem problem, Checkpoint last) {
      assertThat(events(problem)).isEqualTo(1);
      List<StudentVersion> all = rejected();
      assertThat(all).hasSize(1);
      StudentVersion rejected = all.get(0);
      assertThat(rejected.getMetrics()).containsKey("unhealthy." + problem.code());
      assertThat(rejected.getArtifactUri()).isEmpty();
      assertEverySampleTrainedOnce(last);
      return rejected;
    }

    void assertEverySampleTrainedOnce(Checkpoint last) {
      long expected =
          IntStream.range(0, RECORDS).mapToObj(i -> "img-" + i).mapToLong(Checkpoint::idHash).sum();
      assertThat(last.samplesTrained()).isEqualTo(RECORDS);
      assertThat(last.idDigest()).isEqualTo(expected);
    }

    /** Every version published has finite weights. */
    void assertEveryPublishedVersionHealthy() throws Exception {
      assertEveryPublishedVersionHealthy(Long.MAX_VALUE);
    }

    /**
     * Every version published has finite weights, and those from {@code diverseFrom} on (when the
     * student had learnt to tell classes apart) predict more than one class.
     */
    void assertEveryPublishedVersionHealthy(long diverseFrom) throws Exception {
      List<VersionInfo> published = versions.list();
      assertThat(published).as("the healthy evaluations published").isNotEmpty();
      for (VersionInfo v : published) {
        Path file = Path.of(java.net.URI.create(v.artifactUri()));
        try (TorchScriptModule module = TorchScriptModule.loadForInference(file)) {
          assertThat(module.weightsFinite()).as("version %d", v.version()).isTrue();
          if (v.step() >= diverseFrom) {
            long classes =
                Arrays.stream(ImageClassifier.predictions(module, heldOut)).distinct().count();
            assertThat(classes).as("classes version %d predicts", v.version()).isGreaterThan(1);
          }
        }
      }
    }
  }

  /** The healthy objective, with its step sabotaged at one step (or from it on). */
  private static final class Sabotaged implements Objective<ImageSample> {
    private final ImageDistillation healthy;
    private final Sabotage sabotage;
    private final int atStep;
    private final boolean once;
    private int steps;
    private boolean done;

    Sabotaged(ImageDistillation healthy, Sabotage sabotage, int atStep, boolean once) {
      this.healthy = healthy;
      this.sabotage = sabotage;
      this.atStep = atStep;
      this.once = once;
    }

    @Override
    public List<ImageSample> decode(ScoredRecord record, byte[] payload)
        throws RefusedRecordException {
      return healthy.decode(record, payload);
    }

    @Override
    public String id(ImageSample sample) {
      return healthy.id(sample);
    }

    @Override
    public float step(TorchScriptModule module, List<ImageSample> batch) {
      steps++;
      boolean now = steps >= atStep && !(once && done);
      if (!now) {
        return healthy.step(module, batch);
      }
      done = true;
      if (sabotage == Sabotage.NAN_INPUTS) {
        return healthy.step(module, batch.stream().map(Sabotaged::nan).toList());
      }
      float loss = healthy.step(module, batch);
      eachWeight(module, w -> w.muli(sabotage == Sabotage.NAN_WEIGHT ? Float.NaN : 0f), sabotage);
      return loss;
    }

    private static ImageSample nan(ImageSample s) {
      float[] pixels = new float[s.pixels().length];
      Arrays.fill(pixels, Float.NaN);
      return new ImageSample(
          s.id(), pixels, s.pseudoLabel(), s.teacherProbabilities(), s.hardLabel(), s.weight());
    }

    private static void eachWeight(
        TorchScriptModule module, Consumer<NDArray> change, Sabotage sabotage) {
      boolean previous = JniUtils.isGradMode();
      JniUtils.setGradMode(false);
      try {
        for (Pair<String, Parameter> p : module.block().getParameters()) {
          change.accept(p.getValue().getArray());
          if (sabotage == Sabotage.NAN_WEIGHT) {
            return; // one weight tensor is enough
          }
        }
      } finally {
        JniUtils.setGradMode(previous);
      }
    }

    @Override
    public void checkStudent(TorchScriptModule module) {
      healthy.checkStudent(module);
    }

    @Override
    public Metric evaluate(TorchScriptModule module) {
      return healthy.evaluate(module);
    }

    @Override
    public int distinctOutputs(TorchScriptModule module) {
      return healthy.distinctOutputs(module);
    }
  }
}
