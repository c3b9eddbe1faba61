/**
 * Continuous ingestion: follow a directory or a growing manifest, send what arrives, and remember
 * what was sent in a small state file written atomically after the broker acknowledged it.
 */
package io.distillery.producers.watch;
