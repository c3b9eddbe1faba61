/** Checks of the Prometheus scrapes the stages serve. */
package io.distillery.testkit.metrics;
