/**
 * Synthetic speech for the demo and tests: sentences spoken by espeak-ng or flite voices, resampled
 * by sox to 16 kHz mono 16-bit with faint white noise, deterministic for a seed.
 */
package io.distillery.media.speech;
