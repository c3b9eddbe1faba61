/**
 * The checks of a request's input tensors and requested outputs against a model configuration, as
 * Triton makes them. The tensors themselves, their datatypes and codec are the KServe module's
 * ({@link io.distillery.kserve.tensor}). Pure logic: no gRPC here.
 */
package io.distillery.modelserver.tensor;
