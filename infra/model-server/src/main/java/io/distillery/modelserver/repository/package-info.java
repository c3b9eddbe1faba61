/**
 * The set of loaded models with Triton's explicit load and unload, over the KServe module's model
 * repository ({@link io.distillery.kserve.repository.ModelRepository}) and version policies.
 */
package io.distillery.modelserver.repository;
