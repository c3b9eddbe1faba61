package io.distillery.cli.demo;

import io.distillery.infra.files.Folders;
import io.distillery.infra.kafka.EmbeddedKafka;
import io.distillery.infra.kafka.TopicProvisioner;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.producers.source.ManifestFormat;
import io.distillery.producers.source.ManifestSource;
import io.distillery.producers.synth.Sentences;
import io.distillery.producers.synth.SynthesisRequest;
import io.distillery.producers.synth.SyntheticSpeech;
import io.distillery.producers.synth.VoiceMix;
import io.distillery.schemas.topics.TaskTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code distillery demo}: the main job on the embedded default. Starts a broker in this process,
 * creates the demo tasks' topics, streams a sample of Fashion-MNIST training images and synthetic
 * speech into them, and prints what landed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the pipeline on the embedded default: an in-process KRaft broker, the demo tasks",
      "fmnist (Fashion-MNIST images) and asr-en (synthetic English speech), their data streamed",
      "into <task>.raw. Prints what landed."
    })
public final class DemoCommand implements Callable<Integer> {

  /** Which demo tasks to run. */
  enum Tasks {
    ALL,
    FMNIST,
    ASR_EN
  }

  static final String IMAGE_TASK = "fmnist";
  static final String SPEECH_TASK = "asr-en";

  @Option(
      names = "--work-dir",
      defaultValue = ".distillery/demo",
      description = "Where the demo keeps its broker data and caches (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--images",
      defaultValue = "60000",
      description =
          "Fashion-MNIST training images to stream (default: ${DEFAULT-VALUE}, the whole training"
              + " split: the student needs about that many to come within 97% of the teacher).")
  int images;

  @Option(
      names = "--utterances",
      defaultValue = "200",
      description = "Synthetic utterances to stream (default: ${DEFAULT-VALUE}).")
  int utterances;

  @Option(
      names = "--task",
      defaultValue = "ALL",
      description = "ALL, FMNIST or ASR_EN (default: ${DEFAULT-VALUE}).")
  Tasks tasks;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port of the embedded broker (default: any free port).")
  int port;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "Partitions of each data topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--ingest-only",
      description = "Only stream the data into the raw topics and print what landed (no labeling).")
  boolean ingestOnly;

  @Option(
      names = "--duration",
      defaultValue = "1200",
      description =
          "Stop the pipeline after this many seconds even if records are still flowing (default: ${DEFAULT-VALUE}).")
  long durationSeconds;

  @Option(
      names = "--evaluate-every",
      defaultValue = "25",
      description =
          "Trainer steps between student evaluations and publishing (default: ${DEFAULT-VALUE}).")
  int evaluateEvery;

  @Option(
      names = "--eval-utterances",
      defaultValue = "30",
      description =
          "Held-out synthetic utterances (of sentences the stream never speaks) each speech"
              + " evaluation uses (default: ${DEFAULT-VALUE}).")
  int evalUtterances;

  @Option(
      names = "--replay-ratio",
      defaultValue = "1.0",
      description =
          "Replayed samples mixed into each batch per fresh sample (default: ${DEFAULT-VALUE}).")
  double replayRatio;

  @Option(
      names = "--speech-idle-replay-epochs",
      defaultValue = "60",
      description =
          "While the slow speech teacher has nothing new, the speech trainer keeps training on its"
              + " replay reservoir up to this many passes over what it was offered; the run waits"
              + " for them before its report (0: off; default: ${DEFAULT-VALUE}).")
  double speechIdleReplayEpochs;

  @Option(
      names = "--eval-images",
      defaultValue = "2000",
      description =
          "Fashion-MNIST test images each student evaluation uses (default: ${DEFAULT-VALUE}).")
  int evalImages;

  @Option(
      names = "--keep-running",
      description =
          "Leave the broker up after the run (Ctrl-C to stop), e.g. for distillery monitor.")
  boolean keepRunning;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Override
  public Integer call() throws Exception {
    if (!ingestOnly) {
      return new DemoRun(this, out()).call();
    }
    Path kafkaDir = workDir.resolve("kafka");
    Folders.deleteRecursively(kafkaDir);
    EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, port);
    try {
      String bootstrap = broker.bootstrapServers();
      out().println("Embedded Kafka broker: " + bootstrap);
      if (tasks != Tasks.ASR_EN) {
        streamImages(bootstrap);
      }
      if (tasks != Tasks.FMNIST) {
        streamSpeech(bootstrap);
      }
      printLanded(bootstrap);
      if (keepRunning) {
        out()
            .println(
                "Broker stays up at " + bootstrap + "; try: ./distillery monitor -b " + bootstrap);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "demo-shutdown"));
        broker.awaitShutdown();
      }
    } finally {
      if (!keepRunning) {
        broker.close();
      }
    }
    return 0;
  }

  void streamImages(String bootstrap) throws IOException, InterruptedException {
    TaskTopics topics = TaskTopics.of(IMAGE_TASK, partitions);
    TopicProvisioner.ensure(bootstrap, topics);
    IngestConfig config = demoConfig(IMAGE_TASK, bootstrap);
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR, FashionMnistSource.Split.TRAIN, 0, images, true);
    report(IMAGE_TASK, Ingestor.run(source, config));
  }

  void streamSpeech(String bootstrap) throws IOException, InterruptedException {
    TaskTopics topics = TaskTopics.of(SPEECH_TASK, partitions);
    TopicProvisioner.ensure(bootstrap, topics);
    Path speechDir = workDir.resolve("speech-training-" + utterances);
    Path manifest = SyntheticSpeech.manifestOf(speechDir);
    if (!Files.exists(manifest)) {
      out().println("Synthesising " + utterances + " utterances into " + speechDir + " ...");
      SyntheticSpeech.generate(
          new SynthesisRequest(
              Sentences.forTraining(),
              utterances,
              7L,
              VoiceMix.defaults(),
              speechDir,
              2,
              SynthesisRequest.DEFAULT_NOISE));
    }
    ManifestSource source =
        new ManifestSource(manifest, ManifestFormat.JSONL, "audio_filepath", "text");
    report(SPEECH_TASK, Ingestor.run(source, demoConfig(SPEECH_TASK, bootstrap)));
  }

  private IngestConfig demoConfig(String task, String bootstrap) {
    return IngestConfig.defaults(task, bootstrap).withBlobRoot(workDir.resolve("blobs"));
  }

  private void report(String task, IngestSummary summary) {
    out()
        .printf(
            "ingest %-7s sent %d, skipped as invalid %d, failed %d, %d payload bytes (%d by claim check) in %.1f s%n",
            task,
            summary.sent(),
            summary.invalid(),
            summary.failed(),
            summary.payloadBytes(),
            summary.claimChecked(),
            summary.elapsed().toMillis() / 1000.0);
    summary.problems().stream()
        .limit(5)
        .forEach(p -> out().println("  skipped " + p.identity() + ": " + p.reason()));
  }

  private void printLanded(String bootstrap) {
    out().println();
    out().println("What landed:");
    out()
        .printf(
            "  %-14s %8s %8s %8s %8s %12s %10s%n",
            "topic", "records", "ids", "inline", "claimchk", "bytes", "reference");
    for (String task : new String[] {IMAGE_TASK, SPEECH_TASK}) {
      if ((task.equals(IMAGE_TASK) && tasks == Tasks.ASR_EN)
          || (task.equals(SPEECH_TASK) && tasks == Tasks.FMNIST)) {
        continue;
      }
      String topic = TaskTopics.of(task, partitions).raw();
      TopicCensus.RawCensus census = TopicCensus.raw(bootstrap, Map.of(), topic);
      out()
          .printf(
              "  %-14s %8d %8d %8d %8d %12d %10d%n",
              topic,
              census.records(),
              census.distinctIds(),
              census.inline(),
              census.claimChecked(),
              census.payloadBytes(),
              census.withReference());
    }
  }
}
