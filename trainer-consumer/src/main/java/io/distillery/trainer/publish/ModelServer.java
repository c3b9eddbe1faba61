package io.distillery.trainer.publish;

import io.distillery.trainer.repository.ModelConfig;

/**
 * An inference server the publisher asks to load a new version (Triton's RepositoryModelLoad, then
 * ModelReady and a warm-up request).
 */
public interface ModelServer {

  /** A name for logs, e.g. the server's address. */
  String name();

  /**
   * Loads the model's versions from the repository, waits until {@code version} is ready and
   * answers the configuration's warm-up request.
   *
   * @param config the model's configuration: its name and warm-up inputs
   * @throws Exception when the server refuses, times out or the version does not answer
   */
  void loadAndWarmUp(ModelConfig config, long version) throws Exception;
}
