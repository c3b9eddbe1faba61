/** Reads the cluster's state through the Kafka admin API: tasks, end offsets, group offsets. */
package io.distillery.monitor.probe;
