/**
 * Model backends of the development server: TorchScript through DJL/libtorch, the pocketsphinx
 * English decoder, and the synthetic test double with a fixed per-batch service time and failure
 * modes.
 */
package io.distillery.modelserver.backend;
