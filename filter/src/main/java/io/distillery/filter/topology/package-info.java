/**
 * The filter's Kafka Streams topology: labeled records in, scored records out to accepted or
 * rejected, undecodable ones to the dead-letter topic, with statistics in queryable stores.
 */
package io.distillery.filter.topology;
