package io.distillery.testkit.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The tools a test may use when the machine has them: a program on the PATH, or the Node.js
 * packages {@code infra/scripts/install-prerequisites.sh} installs under {@code
 * .distillery/tools/node}. Tests skip with the reason where one is missing; CI checks they are
 * there.
 */
public final class LocalTools {

  private LocalTools() {}

  /** Whether an executable {@code tool} is in a folder of the PATH. */
  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The {@code .distillery/tools/node/node_modules} folder, in the working directory or one of its
   * parents, that holds the npm package {@code name}.
   */
  public static Optional<Path> nodeModulesWith(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path modules = dir.resolve(".distillery/tools/node/node_modules");
      if (Files.isDirectory(modules.resolve(name))) {
        return Optional.of(modules);
      }
    }
    return Optional.empty();
  }
}
