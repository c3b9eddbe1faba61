/**
 * Pure validation of payloads before they are sent: WAV headers and chunks, PNG and JPEG structure
 * and decodability, dimension and sample-rate policies. No Kafka here.
 */
package io.distillery.media.validation;
