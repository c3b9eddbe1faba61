package io.distillery.cli;

import io.distillery.lab.Home;
import io.distillery.models.ModelDefinitions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a training or evaluation command finds its local data: the model repository, the
 * Fashion-MNIST files and the generated model definitions; a picocli mixin.
 */
public final class LocalDataOptions {

  @Option(
      names = "--repository",
      description = "Model repository (default .distillery/model-repository).")
  Path repository;

  @Option(
      names = "--dataset-dir",
      defaultValue = Home.FASHION_MNIST_DIR,
      description = "Folder of the Fashion-MNIST IDX files (default: ${DEFAULT-VALUE}).")
  Path datasetDir;

  @Option(
      names = "--models-cache",
      description = "Generated definitions (default .distillery/models).")
  Path modelsCache;

  /** The model repository's root. */
  public Path repository() {
    return repository != null ? repository : Home.repository();
  }

  /** The folder of the Fashion-MNIST IDX files. */
  public Path datasetDir() {
    return datasetDir;
  }

  /** The cache of generated TorchScript definitions. */
  public ModelDefinitions definitions() {
    return ModelDefinitions.inCache(modelsCache != null ? modelsCache : Home.state("models"));
  }
}
