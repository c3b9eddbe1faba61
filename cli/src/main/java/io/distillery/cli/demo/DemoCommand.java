package io.distillery.cli.demo;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.cli.Logs;
import io.distillery.lab.TaskSelection;
import io.distillery.lab.demo.DemoIngest;
import io.distillery.lab.demo.DemoRun;
import io.distillery.lab.demo.DemoSettings;
import io.distillery.lab.files.Folders;
import java.io.PrintWriter;
import java.nio.file.Path;
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

  @Option(
      names = "--work-dir",
      defaultValue = ".distillery/demo",
      description = "Where the demo keeps its broker data and caches (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--images",
      defaultValue = "60000",
      description =
          "Fashion-MNIST training images to stream (default: ${DEFAULT-VALUE}, the whole training split: the student needs about that many to come within 97%% of the teacher).")
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
  TaskSelection tasks;

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
          "Held-out synthetic utterances (of sentences the stream never speaks) each speech evaluation uses (default: ${DEFAULT-VALUE}).")
  int evalUtterances;

  @Option(
      names = "--replay-ratio",
      defaultValue = "1.0",
      description =
          "Replayed samples mixed into each batch per fresh sample (default: ${DEFAULT-VALUE}).")
  double replayRatio;

  @Option(
      names = "--image-weight-average",
      defaultValue = "0.99",
      paramLabel = "DECAY",
      description =
          "The image trainer evaluates and publishes a moving average of its student's weights with this decay per step (0: the trained weights; default: ${DEFAULT-VALUE}).")
  double imageWeightAverage;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description =
          "Seed of the students' initial weights and of the replay reservoir's sampling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--speech-idle-replay-epochs",
      defaultValue = "60",
      description =
          "While the slow speech teacher has nothing new, the speech trainer keeps training on its replay reservoir up to this many passes over what it was offered; the run waits for them before its report (0: off; default: ${DEFAULT-VALUE}).")
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

  @Option(
      names = "--teacher-epochs",
      defaultValue = "3",
      description =
          "Epochs of the image teacher's training when the repository has no teacher yet; it is reused afterwards (default: ${DEFAULT-VALUE}).")
  int teacherEpochs;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The run these options describe. */
  DemoSettings settings() {
    return DemoSettings.builder(workDir).tasks(tasks).stream(images, utterances)
        .broker(port, partitions)
        .stopAfterSeconds(durationSeconds)
        .evaluation(evaluateEvery, evalImages, evalUtterances)
        .replay(replayRatio, speechIdleReplayEpochs)
        .imageWeightAverage(imageWeightAverage)
        .seed(seed)
        .keepRunning(keepRunning)
        .teacherEpochs(teacherEpochs)
        .build();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Logs.toFile(workDir.resolve("logs").resolve("demo.log"), out);
    DemoSettings settings = settings();
    if (!ingestOnly) {
      return new DemoRun(settings, out).call();
    }
    Path kafkaDir = workDir.resolve("kafka");
    Folders.deleteRecursively(kafkaDir);
    EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, port);
    try {
      String bootstrap = broker.bootstrapServers();
      out.println("Embedded Kafka broker: " + bootstrap);
      DemoIngest ingest = new DemoIngest(settings, out);
      ingest.streamAll(bootstrap);
      ingest.printLanded(bootstrap);
      if (keepRunning) {
        out.println(
            "Broker stays up at " + bootstrap + "; try: ./distillery monitor -b " + bootstrap);
        out.flush();
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
}
