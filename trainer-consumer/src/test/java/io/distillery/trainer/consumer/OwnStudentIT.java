package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.data.ImageSample;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageClassifier;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.TorchScriptModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A student the project did not define, exported by the example script {@code
 * examples/own_image_student.py} (a depthwise-separable CNN with batch norm), distilled online from
 * the accepted stream by the real trainer; and one that breaks the contract refused at start.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OwnStudentIT {

  private static final int RECORDS = 960;

  @RegisterExtension static TrainerRig rig = new TrainerRig(DemoModel.IMAGE_STUDENT);

  @TempDir Path dir;

  @Test
  void shouldDistilAStudentExportedByTheExampleScriptFromTheAcceptedStream() throws Exception {
    Path own = export("own.pt");
    LabelledImages heldOut = AcceptedRecordsFixture.heldOut(200, 9);
    long parameters;
    double before;
    try (TorchScriptModule untrained = TorchScriptModule.loadForInference(own);
        TorchScriptModule demo = TorchScriptModule.loadForInference(rig.student())) {
      parameters = untrained.parameterCount();
      before = ImageClassifier.accuracy(untrained, heldOut);
      assertThat(parameters).as("not the project's student").isNotEqualTo(demo.parameterCount());
    }
    TaskTopics topics = rig.createTopics("own-student", 1);
    rig.sendImages(topics, RECORDS);

    Checkpoint last = rig.trainUntil(loop(topics.task(), own, heldOut), RECORDS);

    assertThat(last.samplesTrained()).isEqualTo(RECORDS);
    try (TorchScriptModule trained = TrainerRig.trainedModel(dir, last, parameters)) {
      double after = ImageClassifier.accuracy(trained, heldOut);
      // from chance to telling the fixture's ten patterns apart, in 60 steps
      assertThat(after).as("accuracy after distillation, from %.3f", before).isGreaterThan(0.8);
    }
  }

  @Test
  void shouldRefuseAStudentWhoseLogitsDoNotMatchTheTasksClassesSayingWhatItShouldBe()
      throws Exception {
    Path wrong = export("five-classes.pt", "--classes", "5");
    TaskTopics topics = rig.createTopics("wrong-student", 1);
    TrainerLoop<ImageSample> loop =
        loop(topics.task(), wrong, AcceptedRecordsFixture.heldOut(20, 9));

    assertThatThrownBy(() -> rig.executor().submit(loop::run).get(1, TimeUnit.MINUTES))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returns FP32 [B, 10] logits")
        .hasMessageContaining("(2, 5)");
    assertThat(dir.resolve("checkpoints")).as("nothing trained, nothing saved").doesNotExist();
  }

  private TrainerLoop<ImageSample> loop(String task, Path student, LabelledImages heldOut) {
    TrainerConfig config =
        rig.config(task, dir).batch(16, Duration.ofMillis(300)).every(5, 0).build();
    return TrainerRig.ownStudentLoop(
        config,
        new ImageDistillation(
            ImageSamples.fashionMnist(), DistillationLoss.distilWhisperDefaults(), heldOut),
        student);
  }

  /** Runs the example script, as a user would, with Debian's PyTorch. */
  private Path export(String name, String... options) throws Exception {
    Path out = dir.resolve(name);
    List<String> command =
        new ArrayList<>(
            List.of(
                System.getenv().getOrDefault("DISTILLERY_PYTHON", ModelDefinitions.DEFAULT_PYTHON),
                Path.of("examples", "own_image_student.py").toString(),
                out.toString()));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return out;
  }
}
