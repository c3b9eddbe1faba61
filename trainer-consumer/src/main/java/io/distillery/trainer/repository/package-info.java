/**
 * A Triton model repository on disk: {@code <repo>/<model>/config.pbtxt} and numbered version
 * folders holding {@code model.pt}, written atomically so a polling server never sees half a file.
 */
package io.distillery.trainer.repository;
