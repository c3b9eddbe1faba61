/** The replay buffer: a uniform reservoir of past accepted samples mixed into new batches. */
package io.distillery.trainer.replay;
