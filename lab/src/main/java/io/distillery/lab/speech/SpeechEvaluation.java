package io.distillery.lab.speech;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.asrmetrics.wer.TrnUtterance;
import io.distillery.asrmetrics.wer.UtteranceScore;
import io.distillery.asrmetrics.wer.WerReport;
import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.media.speech.Sentences;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.SyntheticSpeech.Utterance;
import io.distillery.media.speech.VoiceMix;
import io.distillery.models.DemoRepository;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The speech teachers' quality: synthetic utterances with known sentences, transcribed by the
 * teacher and its proxy on a development server started here (or a given one), scored with the
 * filter's sclite-compatible WER: corpus counts per model, the teacher-proxy agreement the
 * label-free filter uses, and the teacher's WER per voice.
 *
 * @param utterances how many utterances to synthesise
 * @param seed seed of sentences, voices, speeds and noise
 * @param voices the voice mix
 * @param normalizer text normaliser applied to references and hypotheses
 * @param server a running KServe v2 server to use, or empty to start one on the demo models
 * @param teacher the teacher model's name
 * @param proxy the proxy model's name
 * @param workDir where the WAVs, the manifest and the trn files go
 */
public record SpeechEvaluation(
    int utterances,
    long seed,
    VoiceMix voices,
    String normalizer,
    Optional<ServerAddress> server,
    String teacher,
    String proxy,
    Path workDir) {

  /** Runs the evaluation and prints its report. */
  public void run(PrintWriter out) throws Exception {
    out.printf(Locale.ROOT, "Synthesising %d utterances (seed %d)...%n", utterances, seed);
    out.flush();
    List<Utterance> spoken =
        SyntheticSpeech.generate(
            new SynthesisRequest(
                Sentences.builtIn(),
                utterances,
                seed,
                voices,
                workDir.resolve("audio"),
                2,
                SynthesisRequest.DEFAULT_NOISE));
    Map<String, byte[]> wavs = new LinkedHashMap<>();
    for (Utterance u : spoken) {
      wavs.put(id(u), Files.readAllBytes(u.wav()));
    }
    out.printf(Locale.ROOT, "Transcribing with %s and %s...%n", teacher, proxy);
    out.flush();
    Map<String, SpeechTranscripts.Outputs> outputs;
    if (server.isPresent()) {
      outputs = SpeechTranscripts.transcribe(List.of(server.get()), teacher, proxy, wavs);
    } else {
      Path repository = workDir.resolve("model-repository");
      DemoRepository.write(repository);
      ServerConfig config =
          new ServerConfig(
              repository,
              "127.0.0.1",
              0,
              ServerConfig.DEFAULT_MAX_MESSAGE_BYTES,
              List.of(teacher, proxy));
      try (InferenceServer local = InferenceServer.start(config)) {
        ServerAddress address = new ServerAddress("127.0.0.1", local.port());
        outputs = SpeechTranscripts.transcribe(List.of(address), teacher, proxy, wavs);
      }
    }
    report(spoken, outputs, out);
  }

  private void report(
      List<Utterance> spoken, Map<String, SpeechTranscripts.Outputs> outputs, PrintWriter out)
      throws java.io.IOException {
    WerScorer scorer = new WerScorer(TextNormalizer.named(normalizer));
    List<TrnUtterance> refs = spoken.stream().map(u -> new TrnUtterance(id(u), u.text())).toList();
    List<TrnUtterance> teacherHyps = hyps(outputs, o -> o.teacher().getTranscript());
    List<TrnUtterance> proxyHyps = hyps(outputs, o -> o.proxy().getTranscript());
    write("reference.trn", refs);
    write(teacher + ".trn", teacherHyps);
    write(proxy + ".trn", proxyHyps);
    SpeechTranscripts.Outputs first = outputs.values().iterator().next();
    section(out, teacher, first.teacher().getModelVersion(), scorer.scoreAll(refs, teacherHyps));
    section(out, proxy, first.proxy().getModelVersion(), scorer.scoreAll(refs, proxyHyps));
    out.printf(
        Locale.ROOT,
        "Agreement (%s as reference for %s, what the label-free filter sees): WER %.2f%%%n",
        teacher,
        proxy,
        100 * WerScorer.total(scorer.scoreAll(teacherHyps, proxyHyps)).wer());
    out.printf(Locale.ROOT, "%s WER per voice:%n", teacher);
    perVoice(spoken, scorer.scoreAll(refs, teacherHyps))
        .forEach(
            (voice, counts) ->
                out.printf(
                    Locale.ROOT,
                    "  %-22s %6.2f%%  (%d words)%n",
                    voice,
                    100 * counts.wer(),
                    counts.referenceWords()));
    out.printf(
        Locale.ROOT,
        "Normaliser %s; references and transcripts in %s (sclite: -r reference.trn trn -h %s.trn trn"
            + " -i spu_id)%n",
        normalizer,
        workDir,
        teacher);
    out.flush();
  }

  private static void section(
      PrintWriter out, String model, String version, List<UtteranceScore> scores) {
    out.printf(Locale.ROOT, "%s version %s:%n", model, version);
    WerReport.corpus(WerScorer.total(scores), scores.size()).forEach(l -> out.println("  " + l));
  }

  private static Map<String, EditCounts> perVoice(
      List<Utterance> spoken, List<UtteranceScore> scores) {
    Map<String, EditCounts> byVoice = new LinkedHashMap<>();
    for (int i = 0; i < spoken.size(); i++) {
      byVoice.merge(spoken.get(i).voice().toString(), scores.get(i).counts(), EditCounts::plus);
    }
    return byVoice;
  }

  private static List<TrnUtterance> hyps(
      Map<String, SpeechTranscripts.Outputs> outputs,
      Function<SpeechTranscripts.Outputs, String> text) {
    List<TrnUtterance> hyps = new ArrayList<>();
    outputs.forEach((id, o) -> hyps.add(new TrnUtterance(id, text.apply(o))));
    return hyps;
  }

  private void write(String name, List<TrnUtterance> lines) throws java.io.IOException {
    List<String> trn = lines.stream().map(u -> u.text() + " (" + u.id() + ")").toList();
    Files.write(workDir.resolve(name), trn, StandardCharsets.UTF_8);
  }

  private static String id(Utterance u) {
    return String.format(Locale.ROOT, "utt-%05d", u.index());
  }
}
