/**
 * Consumer health per group and partition, evaluated as Burrow does over a sliding window of the
 * monitor's samples: stopped, stalled, falling behind, or fine.
 */
package io.distillery.monitor.health;
