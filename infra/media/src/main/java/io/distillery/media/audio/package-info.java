/**
 * WAV audio, written once for every stage: a reader that checks the layout (unsigned chunk sizes,
 * every chunk inside the file), the policy of what a task takes (stereo and other rates are
 * refused, with the sox command that converts them), and a writer of canonical files.
 */
package io.distillery.media.audio;
