/**
 * Dynamic batching of concurrent requests into model executions (max batch size, max queue delay,
 * execution timeout) and the per-model-version statistics Triton reports.
 */
package io.distillery.modelserver.scheduling;
