/**
 * A client for a schema registry's REST API in the subset the Confluent wire format needs
 * (register, look up, fetch by id, latest version, compatibility), with its settings under the
 * names Confluent's serializers use, so one client properties file serves every Kafka tool.
 */
package io.distillery.schemas.registry;
