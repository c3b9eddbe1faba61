package io.distillery.cli.trainer;

import java.nio.file.Path;

/** Default locations under the project's {@code .distillery} folder. */
final class ProjectPaths {

  /** Where Debian's dataset-fashion-mnist package puts the IDX files. */
  static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

  private ProjectPaths() {}

  /** {@code .distillery/<name>} under the project home (the launcher's -Ddistillery.home). */
  static Path state(String name) {
    return Path.of(System.getProperty("distillery.home", ".")).resolve(".distillery").resolve(name);
  }
}
