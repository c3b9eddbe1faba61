/**
 * A KServe v2 / Triton gRPC client: one channel per server, deadlines on every call, model
 * signatures read at start, status codes mapped to retriable or dead-letter exceptions, and load
 * balancing with health checks, ejection, retries and circuit breakers across servers.
 */
package io.distillery.kserve.client;
