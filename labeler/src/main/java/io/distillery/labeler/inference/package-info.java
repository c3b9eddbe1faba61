/**
 * Runs one micro-batch of records through every configured model: per-model request chunks,
 * splitting outputs back to records, bisecting a batch the server refuses to find the bad record,
 * and the averaged ensemble output.
 */
package io.distillery.labeler.inference;
