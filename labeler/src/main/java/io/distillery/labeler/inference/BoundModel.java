package io.distillery.labeler.inference;

import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.labeler.binding.Binding;
import io.distillery.schemas.avro.ModelRole;

/**
 * A model with its role and its tensors' binding.
 *
 * @param role the role of its output
 * @param binding its tensors bound to roles, with the signature read from the server
 */
public record BoundModel(ModelRole role, Binding binding) {

  /** The model's interface. */
  public ModelSignature signature() {
    return binding.signature();
  }
}
