/**
 * Training samples and where they come from: labelled image sets in IDX format, image payload
 * decoding, and the mapping from a filter's scored record to a distillation sample.
 */
package io.distillery.trainer.data;
