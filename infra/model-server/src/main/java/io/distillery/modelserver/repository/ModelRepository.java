package io.distillery.modelserver.repository;

import com.google.protobuf.TextFormat;
import io.distillery.modelserver.ServingException;
import io.distillery.modelserver.ServingException.Reason;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A model repository directory in Triton's layout. Every path it hands out lies inside its root:
 * model names with separators, dots or a leading slash, and symbolic links leading out of the root
 * (a model folder, a version folder or a config.pbtxt), are refused.
 */
public final class ModelRepository {

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
  private static final TextFormat.Parser PARSER =
      TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build();

  private final Path root;

  /** A repository rooted at an existing directory. */
  public ModelRepository(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("model repository " + root + " does not exist", e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new IllegalArgumentException("model repository " + root + " is not a directory");
    }
  }

  /** The real path of the repository root. */
  public Path root() {
    return root;
  }

  /** Names of the model folders that hold a config.pbtxt, sorted. */
  public List<String> modelNames() {
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(p -> Files.isRegularFile(p.resolve("config.pbtxt")))
          .map(p -> p.getFileName().toString())
          .filter(name -> MODEL_NAME.matcher(name).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model repository " + root, e);
    }
  }

  /**
   * The folder of a model; NOT_FOUND when absent, INVALID_ARGUMENT when the name escapes the root.
   */
  public Path modelDir(String name) {
    if (!MODEL_NAME.matcher(name).matches() || name.contains("..")) {
      throw ServingException.invalid("model name '" + name + "' is not a plain folder name");
    }
    Path dir = root.resolve(name).normalize();
    if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("config.pbtxt"))) {
      throw new ServingException(Reason.NOT_FOUND, "model '" + name + "' is not in the repository");
    }
    return inside(dir);
  }

  /** The folder of one version of a model, checked to lie inside the root. */
  public Path versionDir(String name, long version) {
    return inside(modelDir(name).resolve(Long.toString(version)));
  }

  /** The parsed config.pbtxt of a model; its name defaults to the folder name and must match it. */
  public ModelConfig readConfig(String name) {
    Path file = inside(modelDir(name).resolve("config.pbtxt"));
    ModelConfig.Builder builder = ModelConfig.newBuilder();
    try {
      PARSER.merge(Files.readString(file, StandardCharsets.UTF_8), builder);
    } catch (TextFormat.ParseException e) {
      throw new ServingException(Reason.INVALID_ARGUMENT, file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (builder.getName().isEmpty()) {
      builder.setName(name);
    } else if (!builder.getName().equals(name)) {
      throw ServingException.invalid(
          file + " names model '" + builder.getName() + "' but lies in folder '" + name + "'");
    }
    return builder.build();
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

  private Path inside(Path path) {
    try {
      Path real = Files.exists(path) ? path.toRealPath() : path.normalize();
      if (!real.startsWith(root)) {
        throw ServingException.invalid(path + " leads outside the model repository");
      }
      return real;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve " + path, e);
    }
  }
}
