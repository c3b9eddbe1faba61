/**
 * Optimisers whose state (moments, step count) can be written into a checkpoint and restored, and
 * learning-rate schedules as pure functions of the step.
 */
package io.distillery.trainer.optim;
