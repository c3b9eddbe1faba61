package io.distillery.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.SampleException;
import io.distillery.trainer.data.SpeechSample;
import io.distillery.trainer.data.SpeechSamples;
import java.util.ArrayList;
import java.util.List;

/**
 * Speech distillation: CTC on the teacher's pseudo-transcript, computed inside the TorchScript
 * student's {@code forward} (DJL has no CTC loss) and weighted per record here; evaluated as the
 * corpus word error rate of the student's {@code greedy} best path on held-out utterances.
 */
public final class SpeechDistillation implements Objective<SpeechSample> {

  private static final int EVAL_BATCH = 8;

  private final SpeechSamples samples = new SpeechSamples();
  private final List<Utterance> heldOut;

  /**
   * A labelled held-out utterance.
   *
   * @param audio 16 kHz mono samples
   * @param text the reference transcript, normalised
   */
  public record Utterance(float[] audio, String text) {}

  /**
   * @param heldOut utterances for evaluation
   */
  public SpeechDistillation(List<Utterance> heldOut) {
    this.heldOut = List.copyOf(heldOut);
  }

  @Override
  public SpeechSample decode(ScoredRecord record, byte[] payload) throws SampleException {
    return samples.toSample(record, payload);
  }

  @Override
  public String id(SpeechSample sample) {
    return sample.id();
  }

  @Override
  public float step(TorchScriptModule module, List<SpeechSample> batch) {
    int n = batch.size();
    int longestAudio = batch.stream().mapToInt(s -> s.audio().length).max().orElse(0);
    int longestText = batch.stream().mapToInt(s -> s.tokens().length).max().orElse(0);
    float[] audio = new float[n * longestAudio];
    long[] lengths = new long[n];
    long[] targets = new long[n * longestText];
    long[] targetLengths = new long[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      SpeechSample s = batch.get(i);
      System.arraycopy(s.audio(), 0, audio, i * longestAudio, s.audio().length);
      lengths[i] = s.audio().length;
      for (int t = 0; t < s.tokens().length; t++) {
        targets[i * longestText + t] = s.tokens()[t];
      }
      targetLengths[i] = s.tokens().length;
      weights[i] = s.weight();
    }
    try (NDManager manager = module.newBatchManager()) {
      NDList inputs =
          new NDList(
              manager.create(audio, new Shape(n, longestAudio)),
              manager.create(lengths),
              manager.create(targets, new Shape(n, longestText)),
              manager.create(targetLengths));
      NDArray w = manager.create(weights);
      return module.trainStep(inputs, out -> out.singletonOrThrow().mul(w).mean());
    }
  }

  @Override
  public Metric evaluate(TorchScriptModule module) {
    List<String> references = new ArrayList<>();
    List<String> hypotheses = new ArrayList<>();
    for (int from = 0; from < heldOut.size(); from += EVAL_BATCH) {
      List<Utterance> batch = heldOut.subList(from, Math.min(heldOut.size(), from + EVAL_BATCH));
      hypotheses.addAll(transcribe(module, batch.stream().map(Utterance::audio).toList()));
      batch.forEach(u -> references.add(u.text()));
    }
    return new Metric("wer", WordErrorRate.corpus(references, hypotheses), false);
  }

  /** The student's best-path transcripts of some utterances. */
  public static List<String> transcribe(TorchScriptModule module, List<float[]> utterances) {
    int n = utterances.size();
    int longest = utterances.stream().mapToInt(a -> a.length).max().orElse(0);
    float[] audio = new float[n * longest];
    long[] lengths = new long[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(utterances.get(i), 0, audio, i * longest, utterances.get(i).length);
      lengths[i] = utterances.get(i).length;
    }
    try (NDManager manager = module.newBatchManager()) {
      NDArray ids =
          module.runMethod(
              manager,
              "greedy",
              manager.create(audio, new Shape(n, longest)),
              manager.create(lengths));
      List<String> texts = new ArrayList<>(n);
      long width = ids.getShape().get(1);
      long[] flat = ids.toLongArray();
      for (int i = 0; i < n; i++) {
        long[] row = java.util.Arrays.copyOfRange(flat, (int) (i * width), (int) ((i + 1) * width));
        texts.add(CharacterVocabulary.decode(row));
      }
      return texts;
    }
  }
}
