package io.distillery.lab.experiment;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.lab.speech.HeldOutSpeech;
import io.distillery.lab.speech.TeacherWer;
import io.distillery.media.speech.Sentences;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.VoiceMix;
import io.distillery.models.DemoModel;
import io.distillery.models.DemoRepository;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.ManifestFormat;
import io.distillery.producers.source.ManifestSource;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.engine.SpeechDistillation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code asr-en} side of the experiment: synthetic utterances labeled by the pocketsphinx
 * teacher (and its narrow-beam proxy for the label-free arm), the small CTC student trained on what
 * each arm keeps and evaluated on held-out utterances whose sentences the stream never uses.
 */
final class SpeechExperiment implements TaskExperiment {

  private final ExperimentSettings options;
  private final PrintWriter out;
  private final Path workDir;
  private final TextNormalizer normalizer = TextNormalizer.named("english");
  private double teacherWer = Double.NaN;

  SpeechExperiment(ExperimentSettings options, PrintWriter out, Path workDir) {
    this.options = options;
    this.out = out;
    this.workDir = workDir;
  }

  @Override
  public PipelineTask task() {
    // teacher and proxy only: the arms train their own students, none is served
    return PipelineTask.ASR_EN.as(
        PipelineTask.ASR_EN.name(),
        PipelineTask.ASR_EN.models().stream()
            .filter(m -> m.role() != io.distillery.schemas.avro.ModelRole.STUDENT)
            .toList());
  }

  @Override
  public String metric() {
    return "wer";
  }

  @Override
  public String labelQualityName() {
    return "kept label WER";
  }

  @Override
  public double teacherMetric() {
    return teacherWer;
  }

  @Override
  public String setting() {
    return String.format(
        Locale.ROOT,
        "teacher: pocketsphinx (en-us), proxy: the same decoder with narrow beams; stream: %d"
            + " synthetic utterances (espeak-ng / flite voices, faint noise) with references;"
            + " student budget: %d steps of %d; evaluation: %d held-out utterances of unseen"
            + " sentences",
        options.utterances(),
        options.speechSteps(),
        options.speechBatch(),
        options.heldOutUtterances());
  }

  @Override
  public void prepareModels(Path repository) throws IOException {
    DemoRepository.write(
        repository,
        name -> name.equals(DemoRepository.ASR_TEACHER) || name.equals(DemoRepository.ASR_PROXY));
  }

  @Override
  public IngestSummary ingest(String bootstrapServers, Path blobRoot)
      throws IOException, InterruptedException {
    Path dir =
        synthesise(
            "stream-" + options.utterances(), Sentences.forTraining(), options.utterances(), 7);
    ManifestSource source =
        new ManifestSource(
            SyntheticSpeech.manifestOf(dir), ManifestFormat.JSONL, "audio_filepath", "text");
    return Ingestor.run(
        source, IngestConfig.defaults(task().name(), bootstrapServers).withBlobRoot(blobRoot));
  }

  @Override
  public List<ExperimentArms.Result> runArms(List<LabeledRecord> labeled, Path blobRoot)
      throws IOException, InterruptedException {
    List<Utterance> heldOut = heldOut();
    teacherWer = corpusWer(labeled);
    ExperimentArms<?> arms =
        ExperimentArms.ofDemoStudent(
            new SpeechDistillation(heldOut),
            DemoModel.SPEECH_STUDENT,
            options.seedList(),
            new FixedBudgetTraining.Budget(
                options.speechSteps(), options.speechBatch(), ExperimentSettings.FIRST_SEED),
            this::corpusWer,
            ClaimCheckResolver.local(List.of(blobRoot), 64L << 20));
    return ExperimentRun.runAll(arms, ExperimentArm.of(PipelineTask.ASR_EN), labeled, out);
  }

  /** Corpus WER of the teacher's transcripts against the references (normalised). */
  private double corpusWer(List<LabeledRecord> records) {
    TeacherWer wer = TeacherWer.of(records, normalizer);
    return wer == null ? Double.NaN : wer.wordErrorRate();
  }

  private List<Utterance> heldOut() throws IOException, InterruptedException {
    return HeldOutSpeech.load(
        null,
        workDir.resolve("held-out-" + options.heldOutUtterances()),
        options.heldOutUtterances(),
        11,
        out);
  }

  private Path synthesise(String name, List<String> sentences, int count, long seed)
      throws IOException, InterruptedException {
    Path dir = workDir.resolve(name);
    if (!Files.exists(SyntheticSpeech.manifestOf(dir))) {
      out.println("  synthesising " + count + " utterances into " + dir + " ...");
      out.flush();
      SyntheticSpeech.generate(
          new SynthesisRequest(
              sentences, count, seed, VoiceMix.defaults(), dir, 2, SynthesisRequest.DEFAULT_NOISE));
    }
    return dir;
  }
}
