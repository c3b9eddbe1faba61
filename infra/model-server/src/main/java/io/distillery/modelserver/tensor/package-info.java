/**
 * Tensors as the KServe v2 protocol carries them (little-endian row-major bytes, BYTES elements
 * with a 4-byte length prefix), their datatypes, and the checks of a request against a model
 * configuration. Pure logic: no gRPC here.
 */
package io.distillery.modelserver.tensor;
