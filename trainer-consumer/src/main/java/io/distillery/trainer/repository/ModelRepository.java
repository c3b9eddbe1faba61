package io.distillery.trainer.repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A Triton model repository folder: {@code <root>/<model>/config.pbtxt} and {@code
 * <root>/<model>/<version>/model.pt}. A version appears whole or not at all: its folder is filled
 * under a hidden name, flushed, then renamed.
 */
public final class ModelRepository {

  /** The TorchScript file name Triton's pytorch_libtorch backend loads by default. */
  public static final String MODEL_FILE = "model.pt";

  private final Path root;

  /** A repository rooted at {@code root} (created on first write). */
  public ModelRepository(Path root) {
    this.root = root;
  }

  /** The repository's root folder. */
  public Path root() {
    return root;
  }

  /** The TorchScript file of a version. */
  public Path modelFile(String model, long version) {
    return root.resolve(model).resolve(Long.toString(version)).resolve(MODEL_FILE);
  }

  /** The numbered versions of a model that hold a model file, ascending. */
  public List<Long> versions(String model) throws IOException {
    Path dir = root.resolve(model);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Long> versions = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        String name = child.getFileName().toString();
        if (name.matches("[0-9]+") && Files.isRegularFile(child.resolve(MODEL_FILE))) {
          versions.add(Long.parseLong(name));
        }
      }
    }
    versions.sort(Comparator.naturalOrder());
    return versions;
  }

  /** The highest version of a model, if any. */
  public OptionalLong latestVersion(String model) throws IOException {
    List<Long> versions = versions(model);
    return versions.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(versions.get(versions.size() - 1));
  }

  /**
   * Writes a version folder atomically, with {@code files} written by name, and the model's
   * config.pbtxt.
   *
   * @return the version folder
   */
  public Path writeVersion(
      ModelConfig config, long version, java.util.Map<String, AtomicFiles.Content> files)
      throws IOException {
    Path modelDir = root.resolve(config.name());
    Path target = modelDir.resolve(Long.toString(version));
    if (Files.exists(target)) {
      throw new IOException("Version " + version + " of " + config.name() + " already exists");
    }
    Files.createDirectories(modelDir);
    Path staging = Files.createTempDirectory(modelDir, ".staging-" + version + "-");
    for (var file : files.entrySet()) {
      AtomicFiles.write(staging.resolve(file.getKey()), file.getValue());
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.syncDirectory(modelDir);
    writeConfig(config);
    return target;
  }

  /** Writes (or replaces) the model's config.pbtxt. */
  public void writeConfig(ModelConfig config) throws IOException {
    byte[] text = config.toPbtxt().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(root.resolve(config.name()).resolve("config.pbtxt"), out -> out.write(text));
  }
}
