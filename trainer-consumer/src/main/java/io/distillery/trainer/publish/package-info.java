/**
 * Publishing student versions: the signature a student is served with (its config.pbtxt and warm-up
 * request), the no-regression gate, the version folder in the model repository with its metadata,
 * loading on the inference servers, the StudentVersion record, rollback.
 */
package io.distillery.trainer.publish;
