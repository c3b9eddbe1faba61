/**
 * Pure KServe v2 tensor codecs: datatypes, shapes and the little-endian raw byte layout of {@code
 * raw_input_contents} / {@code raw_output_contents}. No gRPC or Kafka here.
 */
package io.distillery.kserve.tensor;
