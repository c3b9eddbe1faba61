package io.distillery.bench;

import io.distillery.broker.EmbeddedKafka;
import io.distillery.kafka.TopicProvisioner;
import io.distillery.lab.files.Folders;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import io.distillery.trainer.consumer.TrainerConfig;
import io.distillery.trainer.consumer.TrainerLoop;
import io.distillery.trainer.data.ImageSample;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.LibtorchThreads;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The trainer-consumer's throughput against a bare DJL loop in the same run: the image student, the
 * same batch size, loss and images. The trainer reads a backlog of accepted records (PNG payloads,
 * Avro) from an embedded broker, decodes them, trains, checkpoints (model, optimiser, offsets)
 * every few steps; evaluation and publishing are off. The bare loop trains the same model on the
 * same samples already decoded in memory. Both run one libtorch thread in this JVM; the bare loop
 * is measured before and after the trainer and the two are averaged.
 */
public final class TrainerBench {

  /**
   * The benchmark's size.
   *
   * @param samples accepted records (and bare-loop samples) per measurement
   * @param batchSize samples per step
   * @param warmupSteps steps not timed at the start of each measurement
   * @param checkpointEverySteps the trainer's checkpoint interval
   * @param rounds alternating rounds of the three measurements
   * @param datasetDir the Fashion-MNIST IDX folder
   * @param modelsCache where the untrained student's TorchScript is generated
   */
  public record Settings(
      int samples,
      int batchSize,
      int warmupSteps,
      int checkpointEverySteps,
      int rounds,
      Path datasetDir,
      Path modelsCache) {

    /** Validates the sizes. */
    public Settings {
      if (batchSize < 1 || warmupSteps < 0 || samples < batchSize * (warmupSteps + 10)) {
        throw new IllegalArgumentException(
            "need at least batch size x (warm-up steps + 10) samples");
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("rounds must be at least 1");
      }
    }

    /**
     * A small run: 3,200 samples, batch 32, 20 warm-up steps, checkpoints every 50 steps, 7 rounds.
     */
    public static Settings small() {
      return new Settings(
          3_200,
          32,
          20,
          50,
          7,
          Path.of("/usr/share/datasets/fashion-mnist"),
          Path.of(System.getProperty("distillery.home", "."), ".distillery", "models"));
    }
  }

  private TrainerBench() {}

  /** Runs the benchmark: trainer without and with replay, each against the bare loop. */
  public static List<BenchResult> run(Settings settings) throws Exception {
    LibtorchThreads.configure(1);
    Path student = ModelDefinitions.inCache(settings.modelsCache()).ensure(DemoModel.IMAGE_STUDENT);
    LabelledImages images =
        LabelledImages.fashionMnist(settings.datasetDir(), "train").head(settings.samples());
    List<byte[]> values = AcceptedImages.encode(images);
    List<ImageSample> decoded = new ArrayList<>(values.size());
    for (byte[] value : values) {
      var record = Serdes.scored().decode(value);
      var inline = record.getLabeled().getRaw().getInline();
      byte[] png = new byte[inline.remaining()];
      inline.duplicate().get(png);
      decoded.add(ImageSamples.fashionMnist().toSample(record, png));
    }
    Path work = Files.createTempDirectory("distillery-trainer-bench");
    List<BenchResult> results = new ArrayList<>();
    try (EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0)) {
      double[] bare = new double[settings.rounds()];
      double[] plain = new double[settings.rounds()];
      double[] replayed = new double[settings.rounds()];
      double[] ratios = new double[settings.rounds()];
      StringBuilder paired = new StringBuilder();
      // libtorch and the JVM keep getting faster over the first few loops of a run: warm up, and
      // put the bare loop first in even rounds and last in odd ones so neither side gains.
      bareLoop(student, decoded, settings);
      bareLoop(student, decoded, settings);
      for (int round = 0; round < settings.rounds(); round++) {
        if (round % 2 == 0) {
          bare[round] = bareLoop(student, decoded, settings);
        }
        plain[round] = trainer(broker, student, values, settings, 0, work.resolve("p" + round));
        replayed[round] =
            trainer(broker, student, values, settings, 0.25, work.resolve("r" + round));
        if (round % 2 == 1) {
          bare[round] = bareLoop(student, decoded, settings);
        }
        ratios[round] = plain[round] / bare[round];
        paired
            .append(round == 0 ? "" : " ")
            .append(String.format(Locale.ROOT, "%.2f", plain[round] / bare[round]));
      }
      String note =
          String.format(
              Locale.ROOT,
              "image student, batch %d, %d accepted records (PNG) on an embedded broker,"
                  + " checkpoint every %d steps, no evaluation or publishing; medians of %d"
                  + " alternating rounds; trainer / bare loop of each round: %s (median %.2f)",
              settings.batchSize(),
              settings.samples(),
              settings.checkpointEverySteps(),
              settings.rounds(),
              paired,
              median(ratios));
      results.add(
          new BenchResult(
              "trainer vs bare DJL loop",
              median(plain),
              median(bare),
              "samples/s",
              0.95,
              true,
              note));
      results.add(
          new BenchResult(
              "trainer with replay 0.25 vs bare DJL loop",
              median(replayed),
              median(bare),
              "fresh samples/s",
              0.85,
              true,
              "as above, plus one replayed sample per four fresh ones in each step"));
    } finally {
      Folders.deleteRecursively(work);
    }
    return results;
  }

  /** Fresh samples per second of the bare loop after its warm-up. */
  static double bareLoop(Path student, List<ImageSample> samples, Settings settings) {
    ImageDistillation objective = objective();
    int batch = settings.batchSize();
    try (TorchScriptModule module = TorchScriptModule.load(student, optimizer())) {
      long start = 0;
      int timed = 0;
      for (int step = 0; (step + 1) * batch <= samples.size(); step++) {
        if (step == settings.warmupSteps()) {
          start = System.nanoTime();
        }
        objective.step(module, samples.subList(step * batch, (step + 1) * batch));
        if (step >= settings.warmupSteps()) {
          timed += batch;
        }
      }
      return timed / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Fresh samples per second of the trainer-consumer on a backlog, after its warm-up. */
  static double trainer(
      EmbeddedKafka broker,
      Path student,
      List<byte[]> values,
      Settings settings,
      double replayRatio,
      Path dir)
      throws Exception {
    String task = "bench-" + dir.getFileName();
    TaskTopics topics = TaskTopics.of(task);
    TopicProvisioner.ensure(broker.bootstrapServers(), topics, TopicLayout.partitions(3));
    produce(broker.bootstrapServers(), topics.accepted(), values);
    TrainerConfig config =
        TrainerConfig.builder(task, broker.bootstrapServers(), dir.resolve("checkpoints"))
            .batch(settings.batchSize(), Duration.ofMillis(500))
            .every(settings.checkpointEverySteps(), 0)
            .replay(replayRatio > 0 ? 5_000 : 0, replayRatio, 7)
            .claimChecks(List.of(dir), 1 << 20)
            .build();
    TrainerLoop<ImageSample> loop =
        new TrainerLoop<>(
            config, objective(), student, TrainerBench::optimizer, null, new SimpleMeterRegistry());
    long[] timing = new long[2];
    long[] counted = new long[2];
    loop.onStep(
        (step, trained) -> {
          if (step == settings.warmupSteps()) {
            timing[0] = System.nanoTime();
            counted[0] = trained;
          }
          if (trained >= values.size()) {
            timing[1] = System.nanoTime();
            counted[1] = trained;
            loop.requestStop();
          }
        });
    loop.run();
    return (counted[1] - counted[0]) / ((timing[1] - timing[0]) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static void produce(String bootstrap, String topic, List<byte[]> values) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        byte[] key = ("bench-" + i).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, values.get(i)));
      }
      producer.flush();
    }
  }

  private static ImageDistillation objective() {
    return new ImageDistillation(
        ImageSamples.fashionMnist(),
        DistillationLoss.distilWhisperDefaults(),
        new LabelledImages(new float[0], new int[0], 28, 28));
  }

  private static CheckpointableOptimizer optimizer() {
    return new CheckpointableOptimizer(
        CheckpointableOptimizer.Kind.ADAM, LearningRateSchedule.constant(1e-3f), 0);
  }

  /**
   * Runs the benchmark and prints its Markdown table. Arguments: {@code [samples [batch
   * [rounds]]]}.
   *
   * @param args optional sizes
   */
  public static void main(String[] args) throws Exception {
    Settings defaults = Settings.small();
    Settings settings =
        new Settings(
            args.length > 0 ? Integer.parseInt(args[0]) : defaults.samples(),
            args.length > 1 ? Integer.parseInt(args[1]) : defaults.batchSize(),
            defaults.warmupSteps(),
            defaults.checkpointEverySteps(),
            args.length > 2 ? Integer.parseInt(args[2]) : defaults.rounds(),
            defaults.datasetDir(),
            defaults.modelsCache());
    BenchTable table = new BenchTable(Machine.describe());
    run(settings).forEach(table::add);
    System.out.print(table.toMarkdown());
  }
}
