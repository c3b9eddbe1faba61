/**
 * The trainer-consumer: online distillation of a TorchScript student from a task's accepted stream,
 * with atomic checkpoints that carry the consumer offsets, evaluation and publishing.
 */
package io.distillery.trainer;
