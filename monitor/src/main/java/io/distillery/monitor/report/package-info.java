/**
 * Run reports: PNG charts drawn with Java2D (no display needed) and the Markdown that embeds them,
 * for the demo and the filter-policy experiment.
 */
package io.distillery.monitor.report;
