/**
 * The Triton model-repository layout on disk ({@code <model>/config.pbtxt}, numeric version
 * folders), version policies, and the set of loaded models with explicit load and unload.
 */
package io.distillery.modelserver.repository;
