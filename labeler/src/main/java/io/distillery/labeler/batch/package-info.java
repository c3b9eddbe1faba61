/**
 * Pure batching policy: micro-batches cut by size or linger time, the in-flight budget of batches
 * and bytes that gives backpressure, and in-order completion per partition. No Kafka or gRPC here.
 */
package io.distillery.labeler.batch;
