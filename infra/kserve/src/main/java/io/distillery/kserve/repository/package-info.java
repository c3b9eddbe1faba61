/**
 * Triton's model-repository layout on disk ({@code <model>/config.pbtxt}, numeric version folders
 * holding the model files): confined reading for a server, atomic writing for a publisher, and the
 * version policies that select what a server serves.
 */
package io.distillery.kserve.repository;
