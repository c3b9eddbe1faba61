package io.distillery.kserve.repository;

import io.distillery.kserve.config.ModelConfigs;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model repository folder in Triton's layout: {@code <root>/<model>/config.pbtxt} and numeric
 * version folders such as {@code <root>/<model>/<version>/model.pt}. Model names are plain folder
 * names (no separators, no {@code ..}); every path handed out for reading lies inside the root, so
 * symbolic links leading out of it (a model folder, a version folder or a config.pbtxt) are
 * refused. A version is written whole or not at all: its folder is filled under a hidden name,
 * flushed, then renamed, so a server polling the repository never sees half a file.
 */
public final class ModelRepository {

  /** The TorchScript file name Triton's pytorch_libtorch backend loads by default. */
  public static final String MODEL_FILE = "model.pt";

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

  private final Path root;

  /** A repository rooted at {@code root}; the folder is created on the first write. */
  public ModelRepository(Path root) {
    this.root = root;
  }

  /**
   * The repository at an existing folder, as a server opens it (rooted at its real path).
   *
   * @throws IllegalArgumentException when the folder does not exist
   */
  public static ModelRepository existing(Path root) {
    Path real;
    try {
      real = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("model repository " + root + " does not exist", e);
    }
    if (!Files.isDirectory(real)) {
      throw new IllegalArgumentException("model repository " + root + " is not a directory");
    }
    return new ModelRepository(real);
  }

  /** The repository's root folder. */
  public Path root() {
    return root;
  }

  /** Names of the model folders that hold a config.pbtxt, sorted. */
  public List<String> modelNames() {
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(p -> Files.isRegularFile(p.resolve(ModelConfigs.FILE_NAME)))
          .map(p -> p.getFileName().toString())
          .filter(name -> MODEL_NAME.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model repository " + root, e);
    }
  }

  /**
   * The folder of a model that has a config.pbtxt.
   *
   * @throws RepositoryException NOT_FOUND when absent, INVALID when the name escapes the root
   */
  public Path modelDir(String name) {
    Path dir = root.resolve(checkName(name)).normalize();
    if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve(ModelConfigs.FILE_NAME))) {
      throw new RepositoryException(
          RepositoryException.Kind.NOT_FOUND,
          "model '" + name + "' is not in the repository",
          null);
    }
    return inside(dir);
  }

  /** The folder of one version of a model, checked to lie inside the root. */
  public Path versionDir(String name, long version) {
    return inside(modelDir(name).resolve(Long.toString(version)));
  }

  /**
   * The parsed config.pbtxt of a model; its name defaults to the folder name and must match it.
   *
   * @throws RepositoryException INVALID when it does not parse or names another model
   */
  public ModelConfig readConfig(String name) {
    Path file = inside(modelDir(name).resolve(ModelConfigs.FILE_NAME));
    ModelConfig config;
    try {
      config = ModelConfigs.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(
          RepositoryException.Kind.INVALID, file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (config.getName().isEmpty()) {
      return config.toBuilder().setName(name).build();
    }
    if (!config.getName().equals(name)) {
      throw RepositoryException.invalid(
          file + " names model '" + config.getName() + "' but lies in folder '" + name + "'");
    }
    return config;
  }

  /** The numeric version folders of a model. */
  public SortedSet<Long> versions(String name) {
    try (Stream<Path> children = Files.list(modelDir(name))) {
      TreeSet<Long> versions = new TreeSet<>();
      children
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(v -> VERSION.matcher(v).matches())
          .forEach(v -> versions.add(Long.parseLong(v)));
      return versions;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list versions of " + name, e);
    }
  }

  /** The TorchScript file of a version. */
  public Path modelFile(String model, long version) {
    return root.resolve(checkName(model)).resolve(Long.toString(version)).resolve(MODEL_FILE);
  }

  /**
   * The versions of a model whose folder holds a {@link #MODEL_FILE}, ascending; none yet: empty.
   */
  public SortedSet<Long> publishedVersions(String model) throws IOException {
    Path dir = root.resolve(checkName(model));
    TreeSet<Long> versions = new TreeSet<>();
    if (!Files.isDirectory(dir)) {
      return versions;
    }
    try (Stream<Path> children = Files.list(dir)) {
      children
          .filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve(MODEL_FILE)))
          .forEach(p -> versions.add(Long.parseLong(p.getFileName().toString())));
    }
    return versions;
  }

  /** The highest published version of a model, if any. */
  public OptionalLong latestVersion(String model) throws IOException {
    SortedSet<Long> versions = publishedVersions(model);
    return versions.isEmpty() ? OptionalLong.empty() : OptionalLong.of(versions.last());
  }

  /**
   * Writes a version folder atomically, with {@code files} written by name, then the model's
   * config.pbtxt.
   *
   * @return the version folder
   */
  public Path writeVersion(ModelConfig config, long version, Map<String, AtomicFiles.Content> files)
      throws IOException {
    Path modelDir = root.resolve(checkName(config.getName()));
    Path target = modelDir.resolve(Long.toString(version));
    if (Files.exists(target)) {
      throw new IOException("Version " + version + " of " + config.getName() + " already exists");
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

  /** Writes (or atomically replaces) the model's config.pbtxt, in the model's folder. */
  public void writeConfig(ModelConfig config) throws IOException {
    byte[] text = ModelConfigs.print(config).getBytes(StandardCharsets.UTF_8);
    Path file = root.resolve(checkName(config.getName())).resolve(ModelConfigs.FILE_NAME);
    AtomicFiles.write(file, out -> out.write(text));
  }

  private static String checkName(String name) {
    if (!MODEL_NAME.matcher(name).matches() || name.contains("..")) {
      throw RepositoryException.invalid("model name '" + name + "' is not a plain folder name");
    }
    return name;
  }

  private Path inside(Path path) {
    try {
      Path realRoot = Files.exists(root) ? root.toRealPath() : root.toAbsolutePath().normalize();
      Path real = Files.exists(path) ? path.toRealPath() : path.toAbsolutePath().normalize();
      if (!real.startsWith(realRoot)) {
        throw RepositoryException.invalid(path + " leads outside the model repository");
      }
      return real;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
