/**
 * The pipeline's Avro records (raw, labeled, scored, model outputs) filled the way the stages fill
 * them, as builders that a test finishes with the fields it is about.
 */
package io.distillery.testkit.records;
