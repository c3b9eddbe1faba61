/**
 * The trainer-consumer's Kafka side: reading a task's accepted topic from checkpointed offsets,
 * assembling batches, dead-lettering records that cannot be trained on, and the training loop.
 */
package io.distillery.trainer.consumer;
