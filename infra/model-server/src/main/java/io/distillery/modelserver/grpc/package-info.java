/**
 * The gRPC face of the development server: the KServe v2 {@code GRPCInferenceService}
 * implementation and the mapping of {@link io.distillery.modelserver.ServingException} reasons to
 * gRPC status codes.
 */
package io.distillery.modelserver.grpc;
