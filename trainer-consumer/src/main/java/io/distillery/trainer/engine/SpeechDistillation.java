package io.distillery.trainer.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.distillery.asrmetrics.text.ScliteNormalizer;
import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.SpeechSample;
import io.distillery.trainer.data.SpeechSamples;
import io.distillery.trainer.data.Utterance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speech distillation: CTC on the teacher's pseudo-transcript, computed inside the TorchScript
 * student's exported {@code ctc_loss} method (DJL has no CTC loss) and weighted per record here;
 * evaluated as the corpus word error rate of the best path the student's {@code forward} returns,
 * i.e. of exactly what a server running the published version answers.
 */
public final class SpeechDistillation implements Objective<SpeechSample> {

  /** The TorchScript method that returns each utterance's CTC loss. */
  public static final String LOSS_METHOD = "ctc_loss";

  /**
   * The default global gradient-norm clip. Clipping also skips any update whose gradients are not
   * finite: through DJL, libtorch 2.7 now and then returns a NaN loss for this module from finite
   * weights and inputs (a few steps in a hundred, in bursts; not reproduced with Python's torch
   * 1.13), and one such update would turn every weight to NaN.
   */
  public static final float DEFAULT_MAX_GRADIENT_NORM = 5f;

  private static final int EVAL_BATCH = 8;

  private static final Logger LOG = LoggerFactory.getLogger(SpeechDistillation.class);

  private final SpeechSamples samples = new SpeechSamples();
  private final List<Utterance> heldOut;
  private final float maxGradientNorm;

  /**
   * @param heldOut utterances with references for evaluation
   */
  public SpeechDistillation(List<Utterance> heldOut) {
    this(heldOut, DEFAULT_MAX_GRADIENT_NORM);
  }

  /**
   * @param heldOut utterances with references for evaluation
   * @param maxGradientNorm the global gradient-norm clip of each step (0: none)
   */
  public SpeechDistillation(List<Utterance> heldOut, float maxGradientNorm) {
    this.heldOut = List.copyOf(heldOut);
    this.maxGradientNorm = maxGradientNorm;
  }

  @Override
  public List<SpeechSample> decode(ScoredRecord record, byte[] payload)
      throws RefusedRecordException {
    List<SpeechSample> pieces = samples.toSamples(record, payload);
    if (pieces.size() > 1) {
      LOG.info(
          "Cut record {} into {} training utterances at its teacher's word times",
          record.getLabeled().getRaw().getId(),
          pieces.size());
    }
    return pieces;
  }

  /**
   * The speech student contract: {@code forward(audio FP32 [B, T] at 16 kHz in -1..1, lengths INT64
   * [B])} returns the best path's vocabulary ids {@code [B, T']} and the log-probabilities {@code
   * [B, T', V]} over {@link CharacterVocabulary#TOKENS} (blank first); {@code ctc_loss(audio,
   * lengths, targets INT64 [B, L], target_lengths INT64 [B])} returns each utterance's CTC loss
   * {@code [B]}.
   */
  @Override
  public void checkStudent(TorchScriptModule module) {
    int vocabulary = CharacterVocabulary.TOKENS.length();
    String expected =
        "a speech student's forward(audio FP32 [B, T], lengths INT64 [B]) returns best-path ids"
            + " [B, T'] and log-probabilities [B, T', "
            + vocabulary
            + "], and its ctc_loss(audio, lengths, targets, target_lengths) returns [B]";
    float[] second = new float[SpeechSamples.SAMPLE_RATE];
    try (NDManager manager = module.newBatchManager()) {
      NDList out =
          module.predict(
              new NDList(
                  manager.create(second, new Shape(1, second.length)),
                  manager.create(new long[] {second.length})));
      out.attach(manager);
      if (out.size() < 2
          || out.get(0).getShape().dimension() != 2
          || out.get(1).getShape().dimension() != 3
          || out.get(1).getShape().get(2) != vocabulary) {
        throw new IllegalArgumentException(
            expected + "; this one's forward returns " + out.getShapes());
      }
      NDArray loss =
          module.runMethod(
              manager,
              LOSS_METHOD,
              manager.create(second, new Shape(1, second.length)),
              manager.create(new long[] {second.length}),
              manager.create(new long[] {1, 2}, new Shape(1, 2)),
              manager.create(new long[] {2}));
      if (!loss.getShape().equals(new Shape(1))) {
        throw new IllegalArgumentException(
            expected + "; this one's ctc_loss returns " + loss.getShape());
      }
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(expected + "; this one fails: " + e.getMessage(), e);
    }
  }

  @Override
  public String id(SpeechSample sample) {
    return sample.id();
  }

  @Override
  public float step(TorchScriptModule module, List<SpeechSample> batch) {
    float[] weights = new float[batch.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = batch.get(i).weight();
    }
    try (NDManager manager = module.newBatchManager()) {
      NDList inputs = new NDList(TorchScriptModule.methodInput(manager, LOSS_METHOD));
      inputs.addAll(ctcInputs(manager, batch));
      NDArray w = manager.create(weights);
      return module.trainStep(inputs, out -> out.singletonOrThrow().mul(w).mean(), maxGradientNorm);
    }
  }

  /**
   * The arguments of {@link #LOSS_METHOD} for a batch: the audio zero-padded to the longest, each
   * utterance's sample count, the token ids zero-padded to the longest, each one's token count.
   */
  public static NDList ctcInputs(NDManager manager, List<SpeechSample> batch) {
    int n = batch.size();
    int longestAudio = batch.stream().mapToInt(s -> s.audio().length).max().orElse(0);
    int longestText = batch.stream().mapToInt(s -> s.tokens().length).max().orElse(0);
    float[] audio = new float[n * longestAudio];
    long[] lengths = new long[n];
    long[] targets = new long[n * longestText];
    long[] targetLengths = new long[n];
    for (int i = 0; i < n; i++) {
      SpeechSample s = batch.get(i);
      System.arraycopy(s.audio(), 0, audio, i * longestAudio, s.audio().length);
      lengths[i] = s.audio().length;
      for (int t = 0; t < s.tokens().length; t++) {
        targets[i * longestText + t] = s.tokens()[t];
      }
      targetLengths[i] = s.tokens().length;
    }
    return new NDList(
        manager.create(audio, new Shape(n, longestAudio)),
        manager.create(lengths),
        manager.create(targets, new Shape(n, longestText)),
        manager.create(targetLengths));
  }

  @Override
  public Metric evaluate(TorchScriptModule module) {
    return new Metric("wer", score(module, heldOut).wordErrorRate(), false);
  }

  @Override
  public int distinctOutputs(TorchScriptModule module) {
    if (heldOut.isEmpty()) {
      return -1;
    }
    List<float[]> probe =
        heldOut.subList(0, Math.min(heldOut.size(), EVAL_BATCH)).stream()
            .map(Utterance::audio)
            .toList();
    return (int) transcribe(module, probe).stream().filter(t -> !t.isBlank()).distinct().count();
  }

  /**
   * Word and character error rates of the student on some utterances.
   *
   * @param wordErrorRate corpus WER
   * @param characterErrorRate corpus CER (over characters, spaces included)
   */
  public record Score(double wordErrorRate, double characterErrorRate) {}

  /**
   * WER as every figure of the product computes it: sclite's alignment, on texts normalised to the
   * student's vocabulary.
   */
  private static final WerScorer WER = new WerScorer(CharacterVocabulary.NORMALIZER);

  /** The same alignment over characters (spaces as '_'), which need no normalisation. */
  private static final WerScorer CER = new WerScorer(new ScliteNormalizer());

  /** The student's corpus WER and CER on {@code utterances}. */
  public static Score score(TorchScriptModule module, List<Utterance> utterances) {
    List<String> references = new ArrayList<>();
    List<String> hypotheses = new ArrayList<>();
    for (int from = 0; from < utterances.size(); from += EVAL_BATCH) {
      List<Utterance> batch =
          utterances.subList(from, Math.min(utterances.size(), from + EVAL_BATCH));
      hypotheses.addAll(transcribe(module, batch.stream().map(Utterance::audio).toList()));
      batch.forEach(u -> references.add(u.text()));
    }
    return new Score(
        WER.corpus(references, hypotheses).wer(),
        CER.corpus(characters(references), characters(hypotheses)).wer());
  }

  private static List<String> characters(List<String> texts) {
    return texts.stream().map(t -> String.join(" ", t.replace(' ', '_').split(""))).toList();
  }

  /**
   * The student's best-path transcripts of some utterances (its {@code forward}'s first output).
   */
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
      NDList outputs =
          module.predict(
              new NDList(manager.create(audio, new Shape(n, longest)), manager.create(lengths)));
      NDArray ids = outputs.get(0);
      outputs.attach(manager);
      List<String> texts = new ArrayList<>(n);
      long width = ids.getShape().get(1);
      long[] flat = ids.toLongArray();
      for (int i = 0; i < n; i++) {
        long[] row = Arrays.copyOfRange(flat, (int) (i * width), (int) ((i + 1) * width));
        texts.add(CharacterVocabulary.decode(row));
      }
      return texts;
    }
  }
}
