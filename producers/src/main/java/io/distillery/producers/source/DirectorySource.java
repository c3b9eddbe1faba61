package io.distillery.producers.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every {@code .wav}, {@code .png}, {@code .jpg} and {@code .jpeg} file under a directory (hidden
 * files and temporary {@code .part}/{@code .tmp} files skipped), in path order. A sidecar {@code
 * NAME.txt} next to {@code NAME.wav} becomes the sample's reference.
 */
public final class DirectorySource implements SampleSource {

  private final Path root;

  /** The files under {@code root}. */
  public DirectorySource(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String description() {
    return "directory " + root;
  }

  @Override
  public List<Sample> samples() throws IOException {
    return files().stream().map(this::sampleFor).toList();
  }

  /** The accepted files under the root, sorted by relative path. */
  public List<Path> files() throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException("Not a directory: " + root);
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(DirectorySource::accepted)
          .sorted((a, b) -> relative(a).compareTo(relative(b)))
          .toList();
    }
  }

  /** The sample for one file under the root. */
  public Sample sampleFor(Path file) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("file", relative(file));
    return new Sample(
        relative(file), () -> Files.readAllBytes(file), sidecar(file), null, attributes);
  }

  /** {@code file}'s path relative to the root, with {@code /} separators: its identity. */
  public String relative(Path file) {
    return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  static boolean accepted(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.startsWith(".")) {
      return false;
    }
    return name.endsWith(".wav")
        || name.endsWith(".png")
        || name.endsWith(".jpg")
        || name.endsWith(".jpeg");
  }

  private static String sidecar(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path txt = file.resolveSibling(name.substring(0, dot) + ".txt");
    try {
      return Files.isRegularFile(txt)
          ? Files.readString(txt, StandardCharsets.UTF_8).strip()
          : null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("Cannot read reference " + txt, e);
    }
  }
}
