package io.distillery.trainer.publish;

/**
 * An inference server the publisher asks to load a new version (Triton's RepositoryModelLoad, then
 * ModelReady and a warm-up request).
 */
public interface ModelServer {

  /** A name for logs, e.g. the server's address. */
  String name();

  /**
   * Loads the model's versions from the repository, waits until {@code version} is ready and
   * answers the signature's warm-up request.
   *
   * @param signature the model's name, outputs and warm-up inputs
   * @throws Exception when the server refuses, times out or the version does not answer
   */
  void loadAndWarmUp(StudentSignature signature, long version) throws Exception;
}
