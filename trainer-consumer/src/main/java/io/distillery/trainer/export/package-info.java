/**
 * What the filter accepted, written out as a training set for trainers outside Distillery: a NeMo
 * manifest with WAV files, or WebDataset tar shards; resumable, each record exactly once.
 */
package io.distillery.trainer.export;
