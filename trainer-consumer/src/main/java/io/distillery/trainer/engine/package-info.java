/**
 * TorchScript modules trained and evaluated through DJL and libtorch, and the loss functions that
 * are pure tensor arithmetic.
 */
package io.distillery.trainer.engine;
