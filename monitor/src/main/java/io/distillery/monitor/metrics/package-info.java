/**
 * Exposes a stage's Micrometer metrics for Prometheus to scrape, on a port of the stage's choice.
 */
package io.distillery.monitor.metrics;
