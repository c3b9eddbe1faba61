/**
 * The demo models' TorchScript definitions: Python scripts shipped with the build, run with the
 * system's PyTorch to produce untrained TorchScript files in a cache folder when they are missing.
 */
package io.distillery.models;
