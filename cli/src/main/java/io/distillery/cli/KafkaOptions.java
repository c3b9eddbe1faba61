package io.distillery.cli;

import io.distillery.schemas.registry.RegistryConfig;
import io.distillery.schemas.serde.WireFormat;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: bootstrap servers plus client settings passed through unchanged
 * (security, timeouts) from a properties file and {@code --kafka-property} options. Shared by every
 * stage as a picocli mixin, so one laptop and a secured cluster differ only in options. The wire
 * format of topic values and its schema registry travel with these settings too.
 */
public final class KafkaOptions {

  /** Environment variable read when {@code --bootstrap-servers} is not given. */
  public static final String BOOTSTRAP_ENV = "DISTILLERY_BOOTSTRAP_SERVERS";

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Kafka bootstrap servers (default: $" + BOOTSTRAP_ENV + " or 127.0.0.1:9092).")
  String bootstrapServers;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Properties file of Kafka client settings (e.g. security.protocol, ssl.*, sasl.*).")
  Path kafkaConfig;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = "A Kafka client setting; repeatable; overrides --kafka-config.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--wire-format",
      paramLabel = "FORMAT",
      description =
          "Topic value format: single-object (Avro single-object encoding, the default) or"
              + " confluent (magic byte 0, schema registry id, Avro: what Kafka Connect, ksqlDB and"
              + " confluent-kafka read). Same as the client setting "
              + WireFormat.SETTING
              + ".")
  String wireFormat;

  @Option(
      names = "--schema-registry",
      paramLabel = "URL",
      description =
          "Schema registry for --wire-format confluent: the base URL of its Confluent-compatible"
              + " API (e.g. http://registry:8081, or Apicurio's .../apis/ccompat/v7); implies"
              + " --wire-format confluent unless that is given. Basic auth"
              + " and TLS come from --kafka-config under Confluent's names (basic.auth.user.info,"
              + " schema.registry.ssl.truststore.*). Same as "
              + RegistryConfig.URL
              + ".")
  String schemaRegistry;

  /** The bootstrap servers to use. */
  public String bootstrapServers() {
    if (bootstrapServers != null && !bootstrapServers.isBlank()) {
      return bootstrapServers;
    }
    String env = System.getenv(BOOTSTRAP_ENV);
    return env == null || env.isBlank() ? "127.0.0.1:9092" : env;
  }

  /** Client settings to pass through to every Kafka client, bootstrap servers excluded. */
  public Map<String, Object> clientOverrides() {
    Map<String, Object> settings = new HashMap<>();
    if (kafkaConfig != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(kafkaConfig)) {
        file.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read --kafka-config " + kafkaConfig, e);
      }
      file.forEach((k, v) -> settings.put(k.toString(), v));
    }
    settings.putAll(kafkaProperties);
    if (wireFormat != null) {
      settings.put(WireFormat.SETTING, wireFormat);
    } else if (schemaRegistry != null) {
      // a registry given on the command line asks for the format that uses it
      settings.put(WireFormat.SETTING, "confluent");
    }
    if (schemaRegistry != null) {
      settings.put(RegistryConfig.URL, schemaRegistry);
    }
    settings.remove("bootstrap.servers");
    return settings;
  }
}
