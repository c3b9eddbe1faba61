package io.distillery.lab.speech;

import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.lab.Home;
import io.distillery.lab.experiment.OfflineSpeechDistillation;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.models.DemoModel;
import io.distillery.models.DemoRepository;
import io.distillery.models.ModelDefinitions;
import io.distillery.modelserver.backend.Backends;
import io.distillery.modelserver.backend.ModelBackend;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.SpeechSample;
import io.distillery.trainer.data.SpeechSamples;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.data.UtteranceManifest;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speech half of {@code distil-check}: synthetic training utterances pseudo-transcribed by the
 * pocketsphinx teacher (cached next to them), the CTC student trained on those transcripts only,
 * its held-out WER printed as a learning curve.
 */
public final class SpeechDistilCheck {

  /** Where the training transcripts come from. */
  public enum Labels {
    /** The pocketsphinx teacher's transcripts (the distillation setting). */
    TEACHER,
    /** The sentences that were spoken (an upper bound: perfect labels). */
    REFERENCE
  }

  /**
   * The check's settings.
   *
   * @param utterances synthetic training utterances
   * @param evalUtterances synthetic held-out utterances
   * @param labels the training transcripts
   * @param steps optimisation steps
   * @param evaluateEvery steps between evaluations
   * @param batchSize utterances per step
   * @param learningRate Adam's peak rate (warm-up 50 steps, halved every third of the run)
   */
  public record Settings(
      int utterances,
      int evalUtterances,
      Labels labels,
      long steps,
      int evaluateEvery,
      int batchSize,
      float learningRate) {}

  private static final int TEACHER_BATCH = 16;

  private SpeechDistilCheck() {}

  public static void run(Settings settings, PrintWriter out) throws Exception {
    Path trainDir = Home.state("speech-check").resolve("train-" + settings.utterances());
    Path manifest = SyntheticSpeech.manifestOf(trainDir);
    if (!Files.isRegularFile(manifest)) {
      say(out, "synthesising %d training utterances into %s", settings.utterances(), trainDir);
      SyntheticSpeech.generate(SynthesisRequest.of(settings.utterances(), 7L, trainDir));
    }
    List<Utterance> train = UtteranceManifest.read(manifest);
    List<Utterance> heldOut =
        HeldOutSpeech.load(
            null, Home.state("held-out").resolve("asr-en"), settings.evalUtterances(), 9_001, out);
    Map<String, String> transcripts =
        settings.labels() == Labels.TEACHER
            ? teacherTranscripts(trainDir, train, out)
            : references(train);
    List<SpeechSample> samples = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    List<String> hyps = new ArrayList<>();
    int unusable = 0;
    for (Utterance u : train) {
      String transcript = transcripts.get(u.id());
      refs.add(u.text());
      hyps.add(CharacterVocabulary.normalize(transcript));
      try {
        samples.add(SpeechSamples.sample(u.id(), u.audio(), transcript, 1f));
      } catch (RefusedRecordException e) {
        unusable++;
      }
    }
    say(
        out,
        "%d training utterances, %s labels: WER of the labels against the spoken sentences %.4f;"
            + " %d unusable (empty or too long); %d held-out utterances",
        train.size(),
        settings.labels().name().toLowerCase(Locale.ROOT),
        new WerScorer(CharacterVocabulary.NORMALIZER).corpus(refs, hyps).wer(),
        unusable,
        heldOut.size());
    Path student = ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.SPEECH_STUDENT);
    int third = (int) Math.max(1, settings.steps() / 3);
    CheckpointableOptimizer adam =
        new CheckpointableOptimizer(
            CheckpointableOptimizer.Kind.ADAM,
            new LearningRateSchedule(
                settings.learningRate(), 50, third, 0.5f, settings.learningRate() / 100),
            0);
    say(
        out,
        "%6s %8s %10s %8s %8s %8s %8s",
        "step",
        "samples",
        "ctc/char",
        "skipped",
        "wer",
        "cer",
        "seconds");
    List<OfflineSpeechDistillation.Point> curve =
        OfflineSpeechDistillation.run(
            student,
            adam,
            samples,
            heldOut,
            settings.batchSize(),
            settings.steps(),
            settings.evaluateEvery(),
            7,
            p ->
                say(
                    out,
                    "%6d %8d %10.4f %8d %8.4f %8.4f %8.0f",
                    p.step(),
                    p.samplesSeen(),
                    p.trainLoss(),
                    p.nonFiniteSteps(),
                    p.wordErrorRate(),
                    p.characterErrorRate(),
                    p.seconds()));
    OfflineSpeechDistillation.Point first = curve.get(0);
    OfflineSpeechDistillation.Point best =
        curve.stream()
            .min(Comparator.comparingDouble(OfflineSpeechDistillation.Point::wordErrorRate))
            .orElseThrow();
    say(
        out,
        "held-out WER %.4f before training, %.4f at the end, best %.4f at step %d",
        first.wordErrorRate(),
        curve.get(curve.size() - 1).wordErrorRate(),
        best.wordErrorRate(),
        best.step());
  }

  private static Map<String, String> references(List<Utterance> train) {
    Map<String, String> texts = new LinkedHashMap<>();
    train.forEach(u -> texts.put(u.id(), u.text()));
    return texts;
  }

  /** The teacher's transcript of every utterance, decoded once and kept in teacher.tsv. */
  private static Map<String, String> teacherTranscripts(
      Path dir, List<Utterance> train, PrintWriter out) throws Exception {
    Path cache = dir.resolve("teacher.tsv");
    Map<String, String> texts = new LinkedHashMap<>();
    if (Files.isRegularFile(cache)) {
      for (String line : Files.readAllLines(cache, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        texts.put(line.substring(0, tab), line.substring(tab + 1));
      }
      if (texts.keySet().containsAll(train.stream().map(Utterance::id).toList())) {
        return texts;
      }
      texts.clear();
    }
    say(out, "transcribing %d utterances with the pocketsphinx teacher", train.size());
    // the whole-file signature: the backend reads each WAV as the stages do
    ModelConfig teacher =
        DemoRepository.speech(
            DemoRepository.ASR_TEACHER, DemoRepository.SpeechSignature.AUDIO_FILE);
    try (ModelBackend backend = Backends.open(teacher, dir)) {
      for (int from = 0; from < train.size(); from += TEACHER_BATCH) {
        List<Utterance> batch = train.subList(from, Math.min(train.size(), from + TEACHER_BATCH));
        List<byte[]> wavs = new ArrayList<>();
        for (Utterance u : batch) {
          wavs.add(Files.readAllBytes(dir.resolve(u.id())));
        }
        Tensor audio = Tensor.ofBytes("AUDIO", Shape.of(wavs.size(), 1), wavs);
        List<Tensor> outputs = backend.execute(List.of(List.of(audio))).get(0);
        List<byte[]> decoded = outputs.get(0).byteElements();
        for (int i = 0; i < batch.size(); i++) {
          texts.put(batch.get(i).id(), new String(decoded.get(i), StandardCharsets.UTF_8).strip());
        }
      }
    }
    StringBuilder lines = new StringBuilder();
    texts.forEach((id, text) -> lines.append(id).append('\t').append(text).append('\n'));
    Files.writeString(cache, lines, StandardCharsets.UTF_8);
    return texts;
  }

  private static void say(PrintWriter out, String format, Object... args) {
    out.printf(Locale.ROOT, format + "%n", args);
    out.flush();
  }
}
