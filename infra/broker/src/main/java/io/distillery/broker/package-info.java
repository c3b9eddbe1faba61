/**
 * A real single-node KRaft Kafka broker in-process, for the all-in-one demo, the standalone {@code
 * distillery kafka} command and integration tests, plus idempotent creation of a task's topics.
 */
package io.distillery.broker;
