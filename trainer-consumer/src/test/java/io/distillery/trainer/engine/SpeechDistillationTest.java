package io.distillery.trainer.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.distillery.infra.models.DemoModel;
import io.distillery.infra.models.ModelDefinitions;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.SpeechSample;
import io.distillery.trainer.data.Wav;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechDistillationTest {

  private static final List<String> SENTENCES =
      List.of("the cat sat", "open the door", "a red boat", "good morning");

  @TempDir Path dir;

  @Test
  void shouldLowerTheCtcLossOfPseudoTranscriptsAndDecodeWithGreedy() throws Exception {
    List<SpeechSample> batch = new ArrayList<>();
    for (int i = 0; i < SENTENCES.size(); i++) {
      float[] audio = Wav.mono16(SyntheticSpeech.wav(dir, "u" + i, SENTENCES.get(i)), 16_000);
      batch.add(new SpeechSample("u" + i, audio, CharacterVocabulary.encode(SENTENCES.get(i)), 1f));
    }
    Path definition =
        ModelDefinitions.inCache(Path.of("target", "models")).ensure(DemoModel.SPEECH_STUDENT);
    SpeechDistillation objective =
        new SpeechDistillation(
            List.of(new SpeechDistillation.Utterance(batch.get(0).audio(), SENTENCES.get(0))));
    CheckpointableOptimizer adam =
        new CheckpointableOptimizer(
            CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(3e-3f), 0);

    ai.djl.training.optimizer.Optimizer chosen =
        Boolean.getBoolean("djlAdam")
            ? ai.djl.training.optimizer.Optimizer.adam()
                .optLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(3e-3f))
                .build()
            : adam;
    try (TorchScriptModule module = TorchScriptModule.load(definition, chosen)) {
      float first = objective.step(module, batch);
      float last = first;
      for (int i = 0; i < 40; i++) {
        last = objective.step(module, batch);
      }
      Metric wer = objective.evaluate(module);

      // Python with torch.optim.Adam on the same module and data: 12.0 -> 2.2 in 40 steps.
      assertThat(last).isLessThan(first * 0.3f);
      assertThat(wer.name()).isEqualTo("wer");
      assertThat(wer.value()).isBetween(0.0, 3.0);
      try (NDManager manager = module.newBatchManager()) {
        long[] codes = module.runMethod(manager, "vocabulary").toLongArray();
        StringBuilder vocabulary = new StringBuilder();
        for (long code : codes) {
          vocabulary.append((char) code);
        }
        assertThat(vocabulary.toString()).isEqualTo(CharacterVocabulary.TOKENS);
      }
    }
  }
}
