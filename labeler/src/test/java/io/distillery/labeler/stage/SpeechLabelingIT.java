package io.distillery.labeler.stage;

import static io.distillery.labeler.stage.LabelerFixture.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.EditCounts;
import io.distillery.asrmetrics.wer.WerScorer;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.models.DemoRepository;
import io.distillery.modelserver.InferenceServer;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.WordConfidence;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.testkit.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SpeechLabelingIT {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechLabelingIT.class);
  private static final int UTTERANCES = 100;

  @RegisterExtension static EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

  @TempDir Path repository;
  @TempDir Path audio;

  @Test
  void shouldTranscribeEveryUtteranceExactlyOnceWithThePocketsphinxTeacherAndProxy()
      throws Exception {
    assumeTrue(SpeechClips.toolsPresent(), "espeak-ng, flite or sox is not installed");
    assumeTrue(SpeechClips.onPath("pocketsphinx_batch"), "pocketsphinx is not installed");
    List<SpeechClips.Clip> clips = SpeechClips.synthesise(audio, UTTERANCES);
    TaskTopics topics = kafka.createTopics("asr-it", 2);
    try (KafkaProducer<byte[], byte[]> producer =
        LabelerFixture.producer(kafka.bootstrapServers())) {
      clips.forEach(
          c ->
              LabelerFixture.send(producer, topics.raw(), LabelerFixture.speech(topics.task(), c)));
    }
    DemoRepository.write(repository);
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        LabelerStage stage =
            LabelerStage.start(
                config(
                    topics,
                    TaskKind.SPEECH,
                    kafka.bootstrapServers(),
                    "s",
                    "teacher=" + DemoRepository.ASR_TEACHER + ",proxy=" + DemoRepository.ASR_PROXY,
                    server.port(),
                    new BatchPolicy(16, Duration.ofMillis(50), 2, 32 << 20),
                    // a batch of 16 takes pocketsphinx seconds, more on busy cores, and the
                    // second batch in flight queues behind the first
                    Duration.ofSeconds(150)),
                new SimpleMeterRegistry())) {
      await()
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= UTTERANCES);
    }

    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled).hasSize(UTTERANCES);
    Map<String, LabeledRecord> byId =
        labeled.stream()
            .collect(Collectors.toMap(r -> r.getRaw().getId(), Function.identity(), (a, b) -> a));
    assertThat(byId.keySet())
        .as("every raw record exactly once")
        .containsExactlyInAnyOrderElementsOf(clips.stream().map(SpeechClips.Clip::id).toList());
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    Map<String, String> references =
        clips.stream().collect(Collectors.toMap(SpeechClips.Clip::id, SpeechClips.Clip::text));
    for (LabeledRecord r : labeled) {
      assertThat(r.getRaw().getReference()).isEqualTo(references.get(r.getRaw().getId()));
      assertThat(r.getOutputs())
          .extracting(ModelOutput::getRole)
          .containsExactly(ModelRole.TEACHER, ModelRole.PROXY);
      assertThat(r.getOutputs())
          .extracting(ModelOutput::getModelName)
          .containsExactly(DemoRepository.ASR_TEACHER, DemoRepository.ASR_PROXY);
      r.getOutputs().forEach(SpeechLabelingIT::assertTranscriptWithConfidences);
    }

    WerScorer scorer = new WerScorer(TextNormalizer.named("none"));
    EditCounts teacher = corpus(scorer, clips, byId, 0);
    EditCounts proxy = corpus(scorer, clips, byId, 1);
    LOG.info(
        "Corpus WER over {} utterances: teacher {} ({}), proxy {} ({})",
        UTTERANCES,
        teacher.wer(),
        teacher,
        proxy.wer(),
        proxy);
    assertThat(teacher.referenceWords()).isEqualTo(wordsOf(clips));
    // Klatt and flite voices with faint noise give pocketsphinx roughly 10-35% WER; a decoder
    // answering garbage or nothing is near or above 100%.
    assertThat(teacher.wer()).as("teacher corpus WER %s", teacher).isLessThan(0.5);
    assertThat(proxy.wer()).as("proxy corpus WER %s", proxy).isLessThan(1.0);
  }

  @Test
  void shouldLabelTheSameTranscriptsUnderTheWholeFileAndThePublicAsrSignature() throws Exception {
    assumeTrue(SpeechClips.toolsPresent(), "espeak-ng, flite or sox is not installed");
    assumeTrue(SpeechClips.onPath("pocketsphinx_batch"), "pocketsphinx is not installed");
    int n = 24;
    List<SpeechClips.Clip> clips = SpeechClips.synthesise(audio, n);
    TaskTopics topics = kafka.createTopics("asr-presets", 1);
    try (KafkaProducer<byte[], byte[]> producer =
        LabelerFixture.producer(kafka.bootstrapServers())) {
      clips.forEach(
          c ->
              LabelerFixture.send(producer, topics.raw(), LabelerFixture.speech(topics.task(), c)));
    }
    // the same decoder under both signatures: the WAV file as one BYTES element, and padded FP32
    // samples with their counts (WAV + WAV_LENS -> TRANSCRIPTS, as sherpa, FunASR and NeMo serve)
    ModelRepository models = new ModelRepository(repository);
    for (ModelConfig c :
        List.of(
            DemoRepository.speech("asr-file", DemoRepository.SpeechSignature.AUDIO_FILE),
            DemoRepository.speech("asr-wav", DemoRepository.SpeechSignature.WAV_LENGTHS))) {
      models.writeConfig(c);
      Files.createDirectories(repository.resolve(c.getName()).resolve("1"));
    }
    try (InferenceServer server = LabelerFixture.server(repository, 0);
        LabelerStage stage =
            LabelerStage.start(
                config(
                    topics,
                    TaskKind.SPEECH,
                    kafka.bootstrapServers(),
                    "p",
                    "teacher=asr-file,proxy=asr-wav",
                    server.port(),
                    new BatchPolicy(8, Duration.ofMillis(50), 2, 32 << 20),
                    Duration.ofSeconds(150)),
                new SimpleMeterRegistry())) {
      await()
          .atMost(Duration.ofSeconds(240))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> LabelerFixture.labeled(kafka.bootstrapServers(), topics).size() >= n);
    }

    List<LabeledRecord> labeled = LabelerFixture.labeled(kafka.bootstrapServers(), topics);
    assertThat(labeled).hasSize(n);
    assertThat(LabelerFixture.dead(kafka.bootstrapServers(), topics)).isEmpty();
    for (LabeledRecord r : labeled) {
      ModelOutput file = r.getOutputs().get(0);
      ModelOutput samples = r.getOutputs().get(1);
      assertThat(samples.getModelName()).isEqualTo("asr-wav");
      assertThat(samples.getTranscript())
          .as("transcript of %s under both signatures", r.getRaw().getId())
          .isEqualTo(file.getTranscript());
      assertThat(samples.getWords()).isEqualTo(file.getWords());
      assertTranscriptWithConfidences(samples);
    }
    assertThat(labeled.stream().filter(r -> !r.getOutputs().get(1).getTranscript().isBlank()))
        .as("the decoder heard speech, not padding")
        .hasSizeGreaterThan(n / 2);
  }

  private static void assertTranscriptWithConfidences(ModelOutput o) {
    assertThat(o.getModelVersion()).isEqualTo("1");
    assertThat(o.getTranscript()).isNotNull();
    assertThat(o.getLatencyMillis()).isPositive();
    assertThat(o.getWords()).extracting(WordConfidence::getWord).doesNotContain("");
    assertThat(String.join(" ", o.getWords().stream().map(WordConfidence::getWord).toList()))
        .as("the words with confidences are the transcript's")
        .isEqualTo(o.getTranscript());
    assertThat(o.getWords()).allSatisfy(w -> assertThat(w.getConfidence()).isBetween(0f, 1f));
  }

  private static EditCounts corpus(
      WerScorer scorer, List<SpeechClips.Clip> clips, Map<String, LabeledRecord> byId, int model) {
    return clips.stream()
        .map(c -> scorer.score(c.text(), byId.get(c.id()).getOutputs().get(model).getTranscript()))
        .reduce(EditCounts.ZERO, EditCounts::plus);
  }

  private static long wordsOf(List<SpeechClips.Clip> clips) {
    return clips.stream().mapToLong(c -> c.text().split(" ").length).sum();
  }
}
