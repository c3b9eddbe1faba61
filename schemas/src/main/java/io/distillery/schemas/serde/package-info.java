/**
 * Kafka serdes for the wire records in the deployment's wire format: Avro single-object encoding
 * (marker, schema fingerprint, body; writer schemas resolved among every version the build ships)
 * or the Confluent wire format (magic byte, registry schema id, body).
 */
package io.distillery.schemas.serde;
