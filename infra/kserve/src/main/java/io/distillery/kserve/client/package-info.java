/**
 * A KServe v2 / Triton gRPC client: one channel per server, deadlines on every call, model
 * signatures read at start, status codes mapped to retriable or dead-letter exceptions, and load
 * balancing with health checks, ejection, retries and circuit breakers across servers. The
 * conversions between tensors and KServe v2 messages serve both ends of a call, the development
 * server's included.
 */
package io.distillery.kserve.client;
