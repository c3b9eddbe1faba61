package io.distillery.trainer.consumer;

import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.engine.SpeechDistillation;
import io.distillery.trainer.publish.ModelServer;
import io.distillery.trainer.publish.StudentSignature;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * Assembles the trainer-consumer for the CTC speech student: CTC on the accepted records'
 * pseudo-transcripts, evaluated as word error rate on held-out utterances with references (lower is
 * better, so a version is published only if its WER is not higher than the best version's by more
 * than the tolerance), published with the servable speech signature ({@link
 * StudentSignature#speechRecognizer}).
 */
public final class SpeechStudentTrainer implements StudentTrainer {

  private final TrainerLoop<?> loop;
  private final StudentPublishing publishing;

  /**
   * @param config the consumer side
   * @param student the optimiser and publishing (its loss is unused: CTC is inside the module)
   * @param heldOut utterances with reference transcripts for evaluation
   * @param servers inference servers that load each published version
   * @param registry metrics
   */
  public SpeechStudentTrainer(
      TrainerConfig config,
      StudentSettings student,
      List<Utterance> heldOut,
      List<ModelServer> servers,
      MeterRegistry registry) {
    if (config.evaluateEverySteps() > 0 && heldOut.isEmpty()) {
      throw new IllegalArgumentException("evaluation needs held-out utterances");
    }
    this.publishing =
        new StudentPublishing(
            config,
            student,
            StudentSignature.speechRecognizer(
                student.modelName(), CharacterVocabulary.TOKENS.length()),
            servers);
    this.loop = publishing.loop(config, student, new SpeechDistillation(heldOut), registry);
  }

  @Override
  public TrainerLoop<?> loop() {
    return loop;
  }

  @Override
  public void close() {
    publishing.close();
  }
}
