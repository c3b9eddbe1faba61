package io.distillery.labeler.inference;

import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.schemas.avro.ModelRole;

/**
 * A model with its role and the signature read from the server.
 *
 * @param role the role of its output
 * @param signature its interface
 */
public record BoundModel(ModelRole role, ModelSignature signature) {}
