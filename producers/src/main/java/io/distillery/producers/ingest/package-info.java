/**
 * The ingestion loop: validate each sample, give it a stable id, inline it or claim-check it, pace
 * it, send it through an idempotent producer and count what happened.
 */
package io.distillery.producers.ingest;
