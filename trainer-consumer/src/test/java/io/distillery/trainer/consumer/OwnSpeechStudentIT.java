package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.Voice;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.data.ScoredRecords;
import io.distillery.trainer.data.SpeechSample;
import io.distillery.trainer.data.SpeechSamples;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.engine.SpeechDistillation;
import io.distillery.trainer.engine.TorchScriptModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A speech student the project did not define, exported by the example script {@code
 * examples/own_speech_student.py} (band energies and dilated convolutions, no recurrence), accepted
 * by the trainer's contract check and distilled online from accepted utterances by the real
 * trainer.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class OwnSpeechStudentIT {

  private static final Voice EN_US = Voice.parse("espeak:en-us");
  private static final List<String> SENTENCES =
      List.of("open the door", "good morning", "the cat sat on the mat", "we walked to the park");
  private static final int RECORDS = 48;

  @RegisterExtension static TrainerRig rig = new TrainerRig(DemoModel.SPEECH_STUDENT);

  @TempDir Path dir;

  @Test
  void shouldDistilASpeechStudentExportedByTheExampleScriptFromTheAcceptedStream()
      throws Exception {
    Path own = export(dir.resolve("own-speech.pt"));
    List<byte[]> wavs = new ArrayList<>();
    List<SpeechSample> probe = new ArrayList<>();
    for (int s = 0; s < SENTENCES.size(); s++) {
      byte[] wav = SyntheticSpeech.speak(EN_US, SENTENCES.get(s), 1.0, 0, 0, dir.resolve("s" + s));
      wavs.add(wav);
      probe.add(SpeechSamples.sample("s" + s, SpeechSamples.audio(wav), SENTENCES.get(s), 1f));
    }
    long parameters;
    double before;
    try (TorchScriptModule untrained = TorchScriptModule.loadForInference(own);
        TorchScriptModule demo = TorchScriptModule.loadForInference(rig.student())) {
      parameters = untrained.parameterCount();
      assertThat(parameters).as("not the project's student").isNotEqualTo(demo.parameterCount());
      before = meanLoss(untrained, probe);
    }
    TaskTopics topics = rig.createTopics("own-speech-student", 1);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", rig.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        int s = i % SENTENCES.size();
        String id = "utt-" + i;
        producer.send(
            new ProducerRecord<>(
                topics.accepted(),
                id.getBytes(StandardCharsets.UTF_8),
                Serdes.scored().encode(ScoredRecords.speech(id, wavs.get(s), SENTENCES.get(s)))));
      }
    }

    Checkpoint last = rig.trainUntil(loop(topics.task(), own, wavs), RECORDS);

    assertThat(last.samplesTrained()).isEqualTo(RECORDS);
    assertThat(last.samplesDeadLettered()).isZero();
    try (TorchScriptModule trained = TrainerRig.trainedModel(dir, last, parameters)) {
      double after = meanLoss(trained, probe);
      assertThat(after)
          .as("CTC loss per character on the streamed sentences, from %.2f", before)
          .isLessThan(before / 2);
    }
  }

  private TrainerLoop<SpeechSample> loop(String task, Path student, List<byte[]> wavs)
      throws Exception {
    TrainerConfig config =
        rig.config(task, dir).batch(4, Duration.ofMillis(300)).every(4, 0).build();
    List<Utterance> heldOut =
        List.of(new Utterance("s0", SpeechSamples.audio(wavs.get(0)), SENTENCES.get(0)));
    return TrainerRig.ownStudentLoop(config, new SpeechDistillation(heldOut), student);
  }

  /** The student's mean CTC loss per character on {@code samples}, without training. */
  private static double meanLoss(TorchScriptModule module, List<SpeechSample> samples) {
    try (NDManager manager = module.newBatchManager()) {
      return module
          .runMethod(
              manager,
              SpeechDistillation.LOSS_METHOD,
              SpeechDistillation.ctcInputs(manager, samples).toArray(new NDArray[0]))
          .mean()
          .getFloat();
    }
  }

  /** Runs the example script, as a user would, with Debian's PyTorch. */
  private static Path export(Path out) throws Exception {
    Process process =
        new ProcessBuilder(
                System.getenv().getOrDefault("DISTILLERY_PYTHON", ModelDefinitions.DEFAULT_PYTHON),
                Path.of("examples", "own_speech_student.py").toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    return out;
  }
}
