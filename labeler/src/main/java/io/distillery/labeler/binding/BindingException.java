package io.distillery.labeler.binding;

/**
 * A model the labeler cannot bind: the message names the model, the tensor and what would bind it.
 */
public final class BindingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The failure for {@code model}. */
  public BindingException(String model, String message) {
    super("Model " + model + ": " + message);
  }
}
