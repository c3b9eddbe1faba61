/**
 * Monitoring of a Distillery cluster from the outside: it needs only Kafka, reads consumer-group
 * offsets and the output topics, and works the same for the demo and for a production cluster.
 */
package io.distillery.monitor;
