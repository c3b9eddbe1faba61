package io.distillery.trainer.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TensorMessages;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.Voice;
import io.distillery.models.DemoModel;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc;
import io.distillery.schemas.kserve.ModelInferRequest;
import io.distillery.schemas.kserve.ModelInferResponse;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.data.ScoredRecords;
import io.distillery.trainer.data.SpeechSamples;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.engine.Students;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.GrpcModelServer;
import io.distillery.trainer.publish.ModelServer;
import io.distillery.trainer.publish.StudentSignature;
import io.distillery.trainer.publish.StudentVersions;
import io.distillery.trainer.publish.VersionInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speech student in the streaming trainer: accepted utterances with pseudo-transcripts on a
 * real broker, a crash and a resume, WER evaluation on held-out utterances, versions published into
 * a model repository and served by the development server's TorchScript backend.
 */
@Tag("integration")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SpeechTrainerIT {

  private static final Voice EN_US = Voice.parse("espeak:en-us");

  private static final List<String> SENTENCES =
      List.of(
          "the cat sat on the mat",
          "open the door",
          "a red boat on the lake",
          "good morning",
          "we walked to the park",
          "the train leaves at nine");
  private static final String MODEL = "asr-drill-student";

  @RegisterExtension static TrainerRig rig = new TrainerRig(DemoModel.SPEECH_STUDENT);

  @TempDir Path dir;

  @Test
  void shouldTrainOnAcceptedUtterancesAcrossACrashAndServeThePublishedVersion() throws Exception {
    TaskTopics topics = rig.createTopics("asr-drill", 2);
    List<byte[]> wavs = new ArrayList<>();
    for (int s = 0; s < SENTENCES.size(); s++) {
      wavs.add(SyntheticSpeech.speak(EN_US, SENTENCES.get(s), 1.0, 0, 0, dir.resolve("s" + s)));
    }
    int n = 24;
    long expectedDigest = 0;
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.beginTransaction();
      for (int i = 0; i < n; i++) {
        String id = "utt-" + i;
        int s = i % SENTENCES.size();
        byte[] value =
            Serdes.scored().encode(ScoredRecords.speech(id, wavs.get(s), SENTENCES.get(s)));
        producer.send(
            new ProducerRecord<>(topics.accepted(), id.getBytes(StandardCharsets.UTF_8), value));
        expectedDigest += Checkpoint.idHash(id);
      }
      producer.commitTransaction();
    }
    List<Utterance> heldOut = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      heldOut.add(new Utterance("s" + s, SpeechSamples.audio(wavs.get(s)), SENTENCES.get(s)));
    }
    Path repository = java.nio.file.Files.createDirectories(dir.resolve("repository"));
    TrainerConfig config = config(topics.task());

    try (InferenceServer server = InferenceServer.start(ServerConfig.loopback(repository, 0));
        GrpcModelServer client =
            new GrpcModelServer(
                new ServerAddress("127.0.0.1", server.port()), Duration.ofSeconds(60))) {
      List<SpeechStudentTrainer> trainers = new ArrayList<>();
      CrashDrill.Outcome drill =
          CrashDrill.run(
              rig.executor(),
              config,
              () -> {
                SpeechStudentTrainer trainer =
                    trainer(config, repository, heldOut, List.of(client));
                trainers.add(trainer);
                return trainer.loop();
              },
              5,
              n,
              Duration.ofMinutes(3));
      trainers.forEach(SpeechStudentTrainer::close);

      assertThat(drill.afterCrash().step()).isEqualTo(4);
      assertThat(drill.afterCrash().samplesTrained()).isEqualTo(4 * 4);
      Checkpoint last = drill.last();
      assertThat(last.samplesTrained()).isEqualTo(n);
      assertThat(last.idDigest()).isEqualTo(expectedDigest);
      assertThat(last.samplesDeadLettered()).isZero();

      StudentVersions versions =
          new StudentVersions(
              new ModelRepository(repository),
              StudentSignature.speechRecognizer(MODEL, CharacterVocabulary.TOKENS.length()),
              topics.task());
      List<VersionInfo> published = versions.list();
      assertThat(published).isNotEmpty();
      assertThat(published).allSatisfy(v -> assertThat(v.metrics()).containsKey("wer"));
      assertThat(announced(topics))
          .extracting(StudentVersion::getVersion)
          .containsExactlyElementsOf(published.stream().map(VersionInfo::version).toList());

      VersionInfo latest = published.get(published.size() - 1);
      float[] audio = heldOut.get(0).audio();
      float[] logProbs;
      try (TorchScriptModule model =
          TorchScriptModule.loadForInference(
              new ModelRepository(repository).modelFile(MODEL, latest.version()))) {
        logProbs = Students.logProbs(model, audio);
      }
      Served served = served(server.port(), latest.version(), audio);
      assertThat(served.transcript()).isEqualTo(bestPath(served.logProbs()));
      assertThat(served.logProbs()).hasSameSizeAs(logProbs);
      for (int i = 0; i < logProbs.length; i++) {
        assertThat(served.logProbs()[i]).isCloseTo(logProbs[i], within(1e-4f));
      }
    }
  }

  private static SpeechStudentTrainer trainer(
      TrainerConfig config, Path repository, List<Utterance> heldOut, List<ModelServer> servers) {
    StudentSettings settings =
        new StudentSettings(
            rig.student(),
            CheckpointableOptimizer.Kind.ADAM,
            LearningRateSchedule.constant(2e-3f),
            null,
            repository,
            MODEL,
            0.01);
    return new SpeechStudentTrainer(config, settings, heldOut, servers, new SimpleMeterRegistry());
  }

  private TrainerConfig config(String task) {
    return rig.config(task, dir)
        .batch(4, Duration.ofMillis(300))
        .every(2, 2)
        .replay(16, 0.25, 5)
        .build();
  }

  /** The greedy CTC transcript of {@code [1, T', V]} log-probabilities. */
  private static String bestPath(float[] logProbs) {
    int vocabulary = CharacterVocabulary.TOKENS.length();
    List<Long> tokens = new ArrayList<>();
    long previous = -1;
    for (int t = 0; t < logProbs.length / vocabulary; t++) {
      int best = 0;
      for (int v = 1; v < vocabulary; v++) {
        if (logProbs[t * vocabulary + v] > logProbs[t * vocabulary + best]) {
          best = v;
        }
      }
      if (best != previous && best != 0) {
        tokens.add((long) best);
      }
      previous = best;
    }
    return CharacterVocabulary.decode(tokens.stream().mapToLong(Long::longValue).toArray());
  }

  /** What the server's TorchScript backend answered for one utterance. */
  private record Served(String transcript, float[] logProbs) {}

  private static Served served(int port, long version, float[] audio) throws Exception {
    ModelInferRequest request =
        TensorMessages.request(
            MODEL,
            Long.toString(version),
            "served",
            List.of(
                Tensor.ofFloats("INPUT__0", DataType.FP32, Shape.of(1, audio.length), audio),
                Tensor.ofLongs(
                    "INPUT__1", DataType.INT64, Shape.of(1), new long[] {audio.length})));
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      ModelInferResponse response =
          GRPCInferenceServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .modelInfer(request);
      assertThat(response.getOutputs(0).getName()).isEqualTo("OUTPUT__0");
      assertThat(response.getOutputs(1).getShape(2)).isEqualTo(CharacterVocabulary.TOKENS.length());
      Map<String, Tensor> outputs = TensorMessages.outputs(response);
      return new Served(
          CharacterVocabulary.decode(outputs.get("OUTPUT__0").longs()),
          outputs.get("OUTPUT__1").floats());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static List<StudentVersion> announced(TaskTopics topics) {
    return TopicValues.read(rig.bootstrapServers(), topics.studentVersions()).stream()
        .map(bytes -> Serdes.studentVersion().decode(bytes))
        .toList();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                rig.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "speech-fixture"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }
}
