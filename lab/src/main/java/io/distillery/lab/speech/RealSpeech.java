package io.distillery.lab.speech;

import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.SpeechSamples;
import io.distillery.trainer.engine.SpeechDistillation;
import io.distillery.trainer.engine.TorchScriptModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real recorded speech with its true transcripts: the read-book (LibriVox) and spoken-card
 * utterances Debian's {@code pocketsphinx-testdata} package installs, 16 kHz mono 16-bit WAV with
 * Sphinx transcription files. The speech teacher (served over KServe v2, as the labeler calls it)
 * and a student (a TorchScript file, as the trainer evaluates it) are scored on them with the
 * student's normaliser, and timed: the real-time factor is processing seconds per second of audio.
 */
public final class RealSpeech {

  /** Where {@code pocketsphinx-testdata} puts its data. */
  public static final Path TEST_DATA = Path.of("/usr/share/pocketsphinx/test/data");

  // "<s> words </s> (id)", the Sphinx transcription line
  private static final Pattern LINE =
      Pattern.compile("^\\s*(?:<s>)?(.*?)(?:</s>)?\\s*\\(([^)]+)\\)\\s*$");

  private static final WerScorer SCORER = new WerScorer(CharacterVocabulary.NORMALIZER);

  /**
   * One recording.
   *
   * @param id its id in the transcription file
   * @param wav the WAV file
   * @param transcript what was said
   */
  public record Recording(String id, Path wav, String transcript) {}

  /**
   * One model's result on the recordings.
   *
   * @param model the model
   * @param counts corpus edit counts against the true transcripts
   * @param recordings how many recordings
   * @param audioSeconds their total duration
   * @param processingSeconds wall time the model took for all of them
   */
  public record Result(
      String model,
      EditCounts counts,
      int recordings,
      double audioSeconds,
      double processingSeconds) {

    /** Corpus word error rate. */
    public double wordErrorRate() {
      return counts.wer();
    }

    /** Processing seconds per second of audio. */
    public double realTimeFactor() {
      return processingSeconds / audioSeconds;
    }
  }

  private RealSpeech() {}

  /**
   * The recordings under {@code root} (the package's data folder): its LibriVox and card sets, each
   * where present; empty when the package is not installed.
   */
  public static List<Recording> installed(Path root) throws IOException {
    List<Recording> all = new ArrayList<>();
    all.addAll(read(root.resolve("librivox"), "transcription"));
    all.addAll(read(root.resolve("cards"), "cards.transcription"));
    return all;
  }

  /** The recordings a Sphinx transcription file in {@code dir} names, whose WAV exists. */
  static List<Recording> read(Path dir, String transcription) throws IOException {
    Path file = dir.resolve(transcription);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<Recording> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Path wav = dir.resolve(m.group(2).trim() + ".wav");
      if (Files.isRegularFile(wav)) {
        out.add(new Recording(m.group(2).trim(), wav, m.group(1).trim().replaceAll("\\s+", " ")));
      }
    }
    return out;
  }

  /** The teacher {@code model} on {@code server}, called as the labeler calls it. */
  public static Result teacher(ServerAddress server, String model, List<Recording> recordings)
      throws IOException, RefusedRecordException {
    Map<String, byte[]> wavs = wavs(recordings);
    long start = System.nanoTime();
    Map<String, List<ModelOutput>> outputs =
        SpeechTranscripts.transcribe(List.of(server), List.of(model), wavs);
    double seconds = (System.nanoTime() - start) / 1e9;
    List<String> hypotheses = new ArrayList<>();
    for (Recording r : recordings) {
      String transcript = outputs.get(r.id()).get(0).getTranscript();
      hypotheses.add(transcript == null ? "" : transcript);
    }
    return result(model, recordings, hypotheses, seconds, audio(wavs));
  }

  /** The student in {@code modelFile}, one recording at a time, as its evaluation decodes. */
  public static Result student(String model, Path modelFile, List<Recording> recordings)
      throws IOException, RefusedRecordException {
    List<float[]> audio = audio(wavs(recordings));
    List<String> hypotheses = new ArrayList<>();
    double seconds;
    try (TorchScriptModule module = TorchScriptModule.loadForInference(modelFile)) {
      SpeechDistillation.transcribe(module, List.of(audio.get(0))); // first call compiles
      long start = System.nanoTime();
      for (float[] a : audio) {
        hypotheses.addAll(SpeechDistillation.transcribe(module, List.of(a)));
      }
      seconds = (System.nanoTime() - start) / 1e9;
    }
    return result(model, recordings, hypotheses, seconds, audio);
  }

  /**
   * The report line: the teacher's WER and real-time factor on the recordings, and the student's
   * beside them ({@code student} null when no version was published).
   */
  public static String line(String task, Result teacher, Result student) {
    String head =
        String.format(
            Locale.ROOT,
            "%s on real speech (%d recordings from pocketsphinx-testdata, %.1f s, true transcripts):"
                + " teacher %s WER %.1f%% at real-time factor %.3f; ",
            task,
            teacher.recordings(),
            teacher.audioSeconds(),
            teacher.model(),
            100 * teacher.wordErrorRate(),
            teacher.realTimeFactor());
    if (student == null) {
      return head + "no student version was published.";
    }
    return head
        + String.format(
            Locale.ROOT,
            "student %s WER %.1f%% at real-time factor %.4f, %.0fx faster than the teacher.",
            student.model(),
            100 * student.wordErrorRate(),
            student.realTimeFactor(),
            teacher.realTimeFactor() / student.realTimeFactor());
  }

  private static Map<String, byte[]> wavs(List<Recording> recordings) throws IOException {
    Map<String, byte[]> wavs = new LinkedHashMap<>();
    for (Recording r : recordings) {
      wavs.put(r.id(), Files.readAllBytes(r.wav()));
    }
    return wavs;
  }

  /** Each WAV's 16 kHz samples, in order. */
  private static List<float[]> audio(Map<String, byte[]> wavs) throws RefusedRecordException {
    List<float[]> audio = new ArrayList<>(wavs.size());
    for (byte[] wav : wavs.values()) {
      audio.add(SpeechSamples.audio(wav));
    }
    return audio;
  }

  private static Result result(
      String model,
      List<Recording> recordings,
      List<String> hypotheses,
      double seconds,
      List<float[]> audio) {
    List<String> references = recordings.stream().map(Recording::transcript).toList();
    double audioSeconds =
        audio.stream().mapToDouble(a -> a.length / (double) SpeechSamples.SAMPLE_RATE).sum();
    return new Result(
        model, SCORER.corpus(references, hypotheses), recordings.size(), audioSeconds, seconds);
  }
}
