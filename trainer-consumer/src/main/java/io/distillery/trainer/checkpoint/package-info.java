/**
 * Trainer checkpoints: the student's TorchScript, the optimiser's state, the next offset of every
 * partition of the accepted topic and the counters, committed by one atomic rename.
 */
package io.distillery.trainer.checkpoint;
