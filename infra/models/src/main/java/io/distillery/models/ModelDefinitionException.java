package io.distillery.models;

/** A model definition could not be turned into TorchScript; the message says what to fix. */
public final class ModelDefinitionException extends RuntimeException {

  /**
   * @param message what went wrong and how to fix it
   * @param cause the underlying failure, or null
   */
  public ModelDefinitionException(String message, Throwable cause) {
    super(message, cause);
  }
}
