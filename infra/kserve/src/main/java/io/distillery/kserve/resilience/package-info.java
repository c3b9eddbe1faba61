/**
 * Pure resilience policies for calling several inference servers: exponential backoff, a circuit
 * breaker per server and least-outstanding-requests selection. Time is injected; no gRPC here.
 */
package io.distillery.kserve.resilience;
