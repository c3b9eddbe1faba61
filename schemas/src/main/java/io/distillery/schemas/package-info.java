/**
 * Wire contracts shared by every stage: the Avro records on each topic (generated into {@code
 * io.distillery.schemas.avro}) and the version registry that lets newer readers decode older
 * writers.
 */
package io.distillery.schemas;
