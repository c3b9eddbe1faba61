package io.distillery.lab;

import java.nio.file.Path;

/**
 * Where the lab keeps its state: {@code .distillery/<name>} under the project home (the launcher's
 * {@code -Ddistillery.home}), shared by the demo, the experiment and the separate commands.
 */
public final class Home {

  /** Where Debian's dataset-fashion-mnist package puts the IDX files. */
  public static final String FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

  /** {@link #FASHION_MNIST_DIR} as a path. */
  public static final Path FASHION_MNIST = Path.of(FASHION_MNIST_DIR);

  private Home() {}

  /** {@code .distillery/<name>} under the project home. */
  public static Path state(String name) {
    return Path.of(System.getProperty("distillery.home", ".")).resolve(".distillery").resolve(name);
  }

  /** The model repository the demo serves from and {@code train-teacher} writes. */
  public static Path repository() {
    return state("model-repository");
  }
}
