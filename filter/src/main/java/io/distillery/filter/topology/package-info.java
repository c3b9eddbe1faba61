/**
 * The filter's Kafka Streams topology: labeled records in, scored records out to accepted or
 * rejected, undecodable ones to the dead-letter topic, with the balance cap's counts in a
 * changelogged store.
 */
package io.distillery.filter.topology;
