/**
 * Kafka serdes for the wire records: Avro single-object encoding (marker, schema fingerprint,
 * body), with the writer schema resolved by fingerprint among every version the build ships.
 */
package io.distillery.schemas.serde;
