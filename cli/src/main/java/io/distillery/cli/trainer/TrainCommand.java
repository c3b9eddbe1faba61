package io.distillery.cli.trainer;

import io.distillery.cli.ClaimCheckOptions;
import io.distillery.cli.KafkaOptions;
import io.distillery.cli.LocalDataOptions;
import io.distillery.cli.MetricsOptions;
import io.distillery.cli.TaskOptions;
import io.distillery.cli.TlsClientOptions;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.speech.HeldOutSpeech;
import io.distillery.models.DemoModel;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.trainer.checkpoint.Checkpoint;
import io.distillery.trainer.consumer.ImageStudentTrainer;
import io.distillery.trainer.consumer.SpeechStudentTrainer;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.consumer.StudentTrainer;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.consumer.TrainerLoop;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.data.Utterance;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.distillery.trainer.publish.GrpcModelServer;
import io.distillery.trainer.publish.ModelServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery train}: the trainer-consumer of a task's accepted stream. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Distils the student from <task>.accepted (read committed), weighted per record, with"
            + " replay. Image student: cross-entropy on the teacher's pseudo-label plus KL to its"
            + " soft label, evaluated by accuracy on Fashion-MNIST's test split. Speech student (asr*"
            + " tasks): CTC on the pseudo-transcript, evaluated by WER on held-out utterances with"
            + " references. Resumes from its checkpoint; publishes non-regressing versions into the"
            + " model repository and <task>.student-versions.")
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;
  @Mixin MetricsOptions metricsOptions;

  @Mixin TaskOptions taskOptions;
  @Mixin LocalDataOptions local;
  @Mixin TlsClientOptions tls;

  @Option(
      names = "--student",
      description = "Initial TorchScript (default: the demo student of the kind).")
  Path student;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Samples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--linger-ms",
      defaultValue = "500",
      description = "Wait for a full batch at most this long.")
  long lingerMs;

  @Option(names = "--checkpoint-dir", description = "Default .distillery/trainer/<task>.")
  Path checkpointDir;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "50",
      description = "Steps between checkpoints.")
  int checkpointEvery;

  @Option(
      names = "--evaluate-every",
      defaultValue = "200",
      description = "Steps between evaluations (0: never).")
  int evaluateEvery;

  @Option(
      names = "--eval-samples",
      defaultValue = "10000",
      description = "Test images used to evaluate (image student).")
  int evalSamples;

  @Option(
      names = "--held-out-manifest",
      description =
          "NeMo JSONL manifest (audio_filepath, text) of held-out utterances (speech student; default: --eval-utterances synthetic ones in .distillery/held-out/<task>).")
  Path heldOutManifest;

  @Option(
      names = "--eval-utterances",
      defaultValue = "40",
      description = "Synthetic held-out utterances when no manifest is given.")
  int evalUtterances;

  @Mixin ModelServerOptions modelServers;

  @Option(names = "--no-publish", description = "Evaluate but never publish.")
  boolean noPublish;

  @Option(
      names = "--model-name",
      description = "Student name in the repository (default <task>-student).")
  String modelName;

  @Option(
      names = "--tolerance",
      defaultValue = "0.005",
      description =
          "How much worse (accuracy lower, WER higher) a new version may be than the best version since the last rollback.")
  double tolerance;

  @Option(names = "--optimizer", defaultValue = "ADAM", description = "ADAM or SGD.")
  CheckpointableOptimizer.Kind optimizer;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.001",
      description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(
      names = "--warmup-steps",
      defaultValue = "50",
      description = "Steps of linear warm-up (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(
      names = "--decay-every",
      defaultValue = "1000",
      description = "Steps between learning-rate decays.")
  int decayEvery;

  @Option(
      names = "--decay-factor",
      defaultValue = "0.7",
      description = "Learning-rate factor at each decay (default: ${DEFAULT-VALUE}).")
  float decayFactor;

  @Option(
      names = "--temperature",
      defaultValue = "2.0",
      description =
          "Softmax temperature of the KL term (image student; default: ${DEFAULT-VALUE}).")
  float temperature;

  @Option(
      names = "--ce-weight",
      defaultValue = "0.8",
      description = "Weight of the pseudo-label term.")
  float ceWeight;

  @Option(names = "--kl-weight", defaultValue = "1.0", description = "Weight of the KL term.")
  float klWeight;

  @Option(
      names = "--replay-capacity",
      defaultValue = "5000",
      description = "Samples the replay reservoir holds (default: ${DEFAULT-VALUE}).")
  int replayCapacity;

  @Option(
      names = "--replay-ratio",
      defaultValue = "0.25",
      description = "Replayed per fresh sample.")
  double replayRatio;

  @Option(
      names = "--idle-replay-epochs",
      defaultValue = "0",
      description =
          "While no accepted record arrives, keep training on the replay reservoir until it has replayed this many times the samples offered to it since the start (0: wait idle; default: ${DEFAULT-VALUE}). For slow streams such as speech.")
  double idleReplayEpochs;

  @Option(
      names = "--weight-average",
      defaultValue = "0",
      paramLabel = "DECAY",
      description =
          "Evaluate and publish an exponential moving average of the weights with this decay per step, e.g. 0.99, instead of the trained weights (0: off; default: ${DEFAULT-VALUE}). After a drift the published student then moves to the new data over about 1/(1-DECAY) steps instead of falling off a cliff; see distillery drift.")
  float weightAverage;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "libtorch intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Mixin ClaimCheckOptions claimChecks;

  @Option(
      names = "--remote-repository",
      paramLabel = "s3://BUCKET/PREFIX",
      description =
          "Also publish each version to this S3 model repository (Triton's layout; the version's"
              + " files, then config.pbtxt) before asking the servers to load it; --repository is"
              + " then the staging copy.")
  String remoteRepository;

  @Option(
      names = "--max-samples",
      defaultValue = "0",
      description = "Stop after this many fresh samples (0: run until interrupted).")
  long maxSamples;

  @Override
  public Integer call() throws Exception {
    LibtorchThreads.configure(threads);
    PrintWriter out = spec.commandLine().getOut();
    String task = taskOptions.task();
    TrainerConfig config =
        TrainerConfig.builder(
                task,
                kafka.bootstrapServers(),
                checkpointDir != null ? checkpointDir : Home.state("trainer").resolve(task))
            .kafkaProperties(kafka.clientOverrides())
            .batch(batchSize, Duration.ofMillis(lingerMs))
            .every(checkpointEvery, evaluateEvery)
            .replay(replayCapacity, replayRatio, 7)
            .claimCheckLocations(claimChecks.locations(), 64L << 20)
            .idleReplayEpochs(idleReplayEpochs)
            .weightAverage(weightAverage)
            .build();
    TaskKind chosen = taskOptions.kind();
    Path initial =
        student != null ? student : local.definitions().ensure(DemoModel.student(chosen));
    StudentSettings settings =
        new StudentSettings(
            initial,
            optimizer,
            new LearningRateSchedule(
                learningRate, warmupSteps, decayEvery, decayFactor, learningRate / 100),
            chosen == TaskKind.IMAGE ? new DistillationLoss(temperature, ceWeight, klWeight) : null,
            noPublish ? null : local.repository(),
            modelName != null ? modelName : task + "-student",
            tolerance);
    if (remoteRepository != null) {
      if (noPublish) {
        throw new IllegalArgumentException("--remote-repository publishes: drop --no-publish");
      }
      settings = settings.withRemoteRepository(claimChecks.s3Bucket(remoteRepository));
    }
    List<GrpcModelServer> servers =
        modelServers.open(tls.settings(), new ModelRepository(local.repository()));
    try (MetricsOptions.Metrics metrics = metricsOptions.open("trainer");
        StudentTrainer trainer =
            trainer(chosen, config, settings, List.copyOf(servers), metrics.registry(), out)) {
      metrics.readiness(
          () ->
              io.distillery.monitor.metrics.PrometheusEndpoint.Readiness.ready("training " + task));
      Checkpoint last = run(trainer.loop(), out);
      out.printf(
          Locale.ROOT,
          "trained %d samples in %d steps (%d replayed, %d dead-lettered); offsets %s; published version %d%n",
          last.samplesTrained(),
          last.step(),
          last.samplesReplayed(),
          last.samplesDeadLettered(),
          last.nextOffsets(),
          last.publishedVersion());
    } finally {
      for (GrpcModelServer server : servers) {
        server.close();
      }
    }
    return 0;
  }

  private StudentTrainer trainer(
      TaskKind chosen,
      TrainerConfig config,
      StudentSettings settings,
      List<ModelServer> servers,
      MeterRegistry registry,
      PrintWriter out)
      throws Exception {
    if (chosen == TaskKind.SPEECH) {
      List<Utterance> heldOut =
          HeldOutSpeech.load(
              heldOutManifest,
              Home.state("held-out").resolve(config.task()),
              evalUtterances,
              9_001,
              out);
      return new SpeechStudentTrainer(config, settings, heldOut, servers, registry);
    }
    LabelledImages heldOut =
        LabelledImages.fashionMnist(local.datasetDir(), "t10k").head(evalSamples);
    return new ImageStudentTrainer(config, settings, heldOut, servers, registry);
  }

  private Checkpoint run(TrainerLoop<?> loop, PrintWriter out) throws Exception {
    long started = System.nanoTime();
    loop.onEvaluation(
        (step, samples, metric, decision) -> {
          out.printf(
              Locale.ROOT,
              "evaluation at step %d (%d samples): %s %.4f; %s%n",
              step,
              samples,
              metric.name(),
              metric.value(),
              decision == null
                  ? "not publishing"
                  : decision.published()
                      ? "published version " + decision.version()
                      : "kept version " + decision.version() + ": " + decision.reason());
          out.flush();
        });
    loop.onStep(
        (step, samples) -> {
          if (step % 100 == 0) {
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(
                Locale.ROOT,
                "step %d: %d samples, %.1f samples/s%n",
                step,
                samples,
                samples / seconds);
            out.flush();
          }
          if (maxSamples > 0 && samples >= maxSamples) {
            loop.requestStop();
          }
        });
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              loop.requestStop();
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return loop.run();
    } finally {
      finished.countDown();
    }
  }
}
