/**
 * Triton's model configuration ({@code config.pbtxt}): the one parser and the one printer of its
 * protobuf text format, and the small pieces every writer of a configuration shares.
 */
package io.distillery.kserve.config;
