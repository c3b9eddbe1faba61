package io.distillery.bench.memory;

import io.distillery.bench.BenchImages;
import io.distillery.bench.BenchRecords;
import io.distillery.bench.BenchTeacher;
import io.distillery.filter.policy.PolicyLoader;
import io.distillery.labeler.config.LabelerConfig;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.producers.source.Sample;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The three stages the memory benchmark runs, each with its input topic pre-filled with a backlog
 * and its {@code distillery} command line: the labeler on raw Fashion-MNIST PNGs against the
 * benchmarks' synthetic teacher, the filter on labeled records with the fmnist policy, the trainer
 * on accepted records with real Fashion-MNIST PNG payloads.
 */
final class BacklogStages {

  /**
   * One stage under test.
   *
   * @param name labeler, filter or trainer
   * @param topics its task's topics
   * @param input the topic holding its backlog
   * @param group its consumer group (the filter's Streams application id)
   * @param prefill writes {@code n} records into {@code input}
   * @param arguments the {@code distillery} subcommand and its options, without a metrics port
   * @param setting what the note says about how it ran
   */
  record Stage(
      String name,
      TaskTopics topics,
      String input,
      String group,
      Prefill prefill,
      List<String> arguments,
      String setting) {}

  /** Pre-fills a stage's input topic. */
  @FunctionalInterface
  interface Prefill {
    void write(String bootstrap, int n);
  }

  private static final String PNG = "image/png";

  private final List<byte[]> images;
  private final List<Integer> labels;
  private final int partitions;
  private final Path workDir;
  private final Path home;

  private BacklogStages(
      List<byte[]> images, List<Integer> labels, int partitions, Path workDir, Path home) {
    this.images = images;
    this.labels = labels;
    this.partitions = partitions;
    this.workDir = workDir;
    this.home = home;
  }

  /**
   * Loads {@code distinct} Fashion-MNIST training images as PNGs, the records' payloads, and their
   * classes.
   */
  static BacklogStages load(int distinct, int partitions, Path workDir, Path home)
      throws IOException {
    List<byte[]> pngs = new ArrayList<>(distinct);
    List<Integer> classes = new ArrayList<>(distinct);
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR, FashionMnistSource.Split.TRAIN, 0, distinct, true);
    for (Sample sample : source.samples()) {
      try {
        pngs.add(sample.loader().load());
        classes.add(Integer.parseInt(sample.reference()));
      } catch (RefusedRecordException e) {
        throw new IOException("Fashion-MNIST image " + sample.identity() + ": " + e.getMessage());
      }
    }
    return new BacklogStages(List.copyOf(pngs), List.copyOf(classes), partitions, workDir, home);
  }

  Stage labeler(int serverPort, int maxBatch, long serviceMillis) {
    TaskTopics topics = TaskTopics.of("mem-labeler");
    return new Stage(
        "labeler",
        topics,
        topics.raw(),
        LabelerConfig.defaultGroup(topics.task()),
        (bootstrap, n) -> BenchImages.produce(bootstrap, topics.task(), topics.raw(), n, images),
        List.of(
            "label",
            "--task",
            topics.task(),
            "--kind",
            "image",
            "--servers",
            "127.0.0.1:" + serverPort,
            "--models",
            "teacher=" + BenchTeacher.NAME,
            "--max-batch",
            Integer.toString(maxBatch)),
        String.format(
            "raw Fashion-MNIST PNGs; synthetic teacher %d ms per batch of %d; label defaults"
                + " (4 batches, 64 MiB in flight)",
            serviceMillis, maxBatch));
  }

  Stage filter() throws IOException {
    TaskTopics topics = TaskTopics.of("mem-filter");
    Path policy = workDir.resolve("fmnist-policy.json");
    try (InputStream in = PolicyLoader.class.getResourceAsStream("fmnist.json")) {
      Files.write(policy, in.readAllBytes());
    }
    Random random = new Random(7);
    AvroSerde<LabeledRecord> serde = Serdes.labeled();
    return new Stage(
        "filter",
        topics,
        topics.labeled(),
        "distillery-filter-" + topics.task(),
        (bootstrap, n) ->
            BenchRecords.produce(
                bootstrap,
                topics.labeled(),
                n,
                i -> "img-" + i,
                i -> serde.encode(labeled(i, topics.task(), random))),
        List.of(
            "filter",
            "--task",
            topics.task(),
            "--policy",
            policy.toString(),
            "--partitions",
            Integer.toString(partitions),
            "--state-dir",
            workDir.resolve("filter-state").toString()),
        "labeled records with Fashion-MNIST PNGs; the fmnist policy (balance store included)");
  }

  Stage trainer() {
    TaskTopics topics = TaskTopics.of("mem-trainer");
    Path student =
        ModelDefinitions.inCache(home.resolve(".distillery").resolve("models"))
            .ensure(DemoModel.IMAGE_STUDENT);
    Random random = new Random(11);
    AvroSerde<ScoredRecord> serde = Serdes.scored();
    return new Stage(
        "trainer",
        topics,
        topics.accepted(),
        "distillery-trainer-" + topics.task(),
        (bootstrap, n) ->
            BenchRecords.produce(
                bootstrap,
                topics.accepted(),
                n,
                i -> "img-" + i,
                i -> serde.encode(BenchRecords.accepted(labeledTruly(i, topics.task(), random)))),
        List.of(
            "train",
            "--task",
            topics.task(),
            "--student",
            student.toString(),
            "--checkpoint-dir",
            workDir.resolve("trainer").toString(),
            "--no-publish",
            "--eval-samples",
            "2000",
            "--blob-root",
            workDir.resolve("blobs").toString()),
        "accepted records with Fashion-MNIST PNGs; train defaults (batch 32, replay 5,000,"
            + " evaluation on 2,000 test images every 200 steps), one libtorch thread");
  }

  private LabeledRecord labeled(int i, String task, Random random) {
    return BenchRecords.labeled("img-" + i, task, random, images.get(i % images.size()), PNG);
  }

  /**
   * As {@link #labeled}, by a teacher that names the image's true class: a student trained on
   * random classes can only learn to give one answer, which the trainer's health check stops.
   */
  private LabeledRecord labeledTruly(int i, String task, Random random) {
    int k = i % images.size();
    return BenchRecords.labeled("img-" + i, task, random, images.get(k), PNG, labels.get(k));
  }
}
