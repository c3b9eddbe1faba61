package io.distillery.cli.security;

import io.distillery.modelserver.ServerConfig;
import io.distillery.testkit.models.SyntheticModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The {@code distillery} command lines of a small image pipeline on task {@code fmnist}, as the
 * security tests run them (each stage in a JVM of its own, connection settings appended).
 */
final class PipelineCommands {

  static final String TASK = "fmnist";

  private PipelineCommands() {}

  /** Starts {@code command} followed by {@code connection}, remembered in {@code processes}. */
  static CliProcess run(
      List<CliProcess> processes,
      String name,
      Path logs,
      List<String> connection,
      List<String> command)
      throws IOException {
    List<String> args = new ArrayList<>(command);
    args.addAll(connection);
    CliProcess p = CliProcess.start(name, logs, args);
    processes.add(p);
    return p;
  }

  static List<String> ingest(Path blobs, Path images) {
    return List.of(
        "ingest",
        "dir",
        "--task",
        TASK,
        "--partitions",
        "1",
        "--blob-root",
        blobs.toString(),
        images.toString());
  }

  static List<String> label(int serverPort, String teacher, Path blobs) {
    return List.of(
        "label",
        "--task",
        TASK,
        "--servers",
        "127.0.0.1:" + serverPort,
        "--models",
        "teacher=" + teacher,
        "--claim-check-root",
        blobs.toString());
  }

  static List<String> filter(Path stateDir) {
    return List.of(
        "filter", "--task", TASK, "--partitions", "1", "--state-dir", stateDir.toString());
  }

  /** The trainer, without publishing, until it trained {@code samples} (0: until stopped). */
  static List<String> train(Path checkpoints, Path blobs, int samples) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--task",
                TASK,
                "--no-publish",
                "--evaluate-every",
                "0",
                "--eval-samples",
                "16",
                "--batch-size",
                "2",
                "--linger-ms",
                "200",
                "--checkpoint-dir",
                checkpoints.toString(),
                "--models-cache",
                Path.of("target", "models").toAbsolutePath().toString(),
                "--blob-root",
                blobs.toString()));
    if (samples > 0) {
      args.addAll(List.of("--max-samples", Integer.toString(samples)));
    }
    return args;
  }

  /** The synthetic image teacher {@code name} in {@code repository}, served on a free port. */
  static ServerConfig teacher(Path repository, String name) throws IOException {
    SyntheticModels.imageClassifier(repository, name, 8, Map.of());
    return ServerConfig.loopback(repository, 0);
  }

  /**
   * Grey 28x28 noise PNGs {@code image-<from>.png} to {@code image-<to - 1>.png} in {@code dir}.
   */
  static Path images(Path dir, int from, int to) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(from);
    for (int i = from; i < to; i++) {
      BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 28 * 28; p++) {
        image.getRaster().setSample(p % 28, p / 28, 0, random.nextInt(256));
      }
      ImageIO.write(image, "png", dir.resolve("image-" + i + ".png").toFile());
    }
    return dir;
  }
}
