/**
 * Follows the tasks' output topics (accepted, rejected, dead letters, student versions) and tallies
 * them.
 */
package io.distillery.monitor.tail;
